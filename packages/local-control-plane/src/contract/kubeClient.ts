// eslint-disable-next-line @backstage/no-undeclared-imports -- test-only module (see kubeContract.ts)
import { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';

/** A raw response: status code and parsed JSON body (or the text when not JSON). */
export interface RawResponse {
  status: number;
  body: any;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';

/**
 * Raw HTTP(S) against a kubeconfig's cluster, authenticated by client-node (CA, token).
 * Raw JSON keeps every key (client-node's typed models drop unknown ones) and exposes
 * status codes and Status bodies exactly as sent.
 */
export class RawKube {
  constructor(readonly kc: KubeConfig) {}

  private async options(method: string, apiPath: string, headers = {}) {
    const url = new URL(apiPath, this.kc.getCurrentCluster()!.server);
    const opts: https.RequestOptions = {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      headers: { Accept: 'application/json', ...headers },
    };
    await this.kc.applyToHTTPSOptions(opts);
    const transport = url.protocol === 'https:' ? https : http;
    if (transport === http) delete opts.agent;
    return { opts, transport };
  }

  async request(
    method: string,
    apiPath: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<RawResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    // Node sends a DELETE body neither chunked nor sized unless told its length.
    const { opts, transport } = await this.options(method, apiPath, {
      'Content-Type': contentType,
      ...(payload === undefined
        ? {}
        : { 'Content-Length': Buffer.byteLength(payload) }),
    });
    return new Promise((resolve, reject) => {
      const req = transport.request(opts, res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          let parsed: any = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * Opens a watch and collects its events until `done(events)` holds, the server ends
   * the stream, or `timeoutMs` passes. Resolves with the HTTP status and the events;
   * `ready` resolves once the response headers arrived (the watch is established).
   */
  watch(
    apiPath: string,
    done: (events: WatchEvent[]) => boolean,
    timeoutMs = 10_000,
  ): {
    ready: Promise<void>;
    result: Promise<{ status: number; events: WatchEvent[] }>;
  } {
    let markReady: () => void = () => {};
    const ready = new Promise<void>(r => (markReady = r));
    const result = (async () => {
      const { opts, transport } = await this.options('GET', apiPath);
      return new Promise<{ status: number; events: WatchEvent[] }>(
        (resolve, reject) => {
          const events: WatchEvent[] = [];
          let status = 0;
          let buffer = '';
          let settled = false;
          let timer: NodeJS.Timeout | undefined = undefined;
          let req: http.ClientRequest | undefined = undefined;
          const finish = () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            req?.destroy();
            resolve({ status, events });
          };
          timer = setTimeout(finish, timeoutMs);
          req = transport.request(opts, res => {
            status = res.statusCode ?? 0;
            markReady();
            res.setEncoding('utf8');
            res.on('data', chunk => {
              buffer += chunk;
              let nl = buffer.indexOf('\n');
              while (nl >= 0) {
                const line = buffer.slice(0, nl).trim();
                buffer = buffer.slice(nl + 1);
                if (line) {
                  const parsed = JSON.parse(line);
                  // A non-watch response (e.g. a 410 Status body) is one JSON document.
                  events.push(
                    parsed.type ? parsed : { type: 'ERROR', object: parsed },
                  );
                }
                nl = buffer.indexOf('\n');
              }
              if (done(events)) finish();
            });
            res.on('end', () => {
              if (buffer.trim()) {
                const parsed = JSON.parse(buffer);
                events.push(
                  parsed.type ? parsed : { type: 'ERROR', object: parsed },
                );
              }
              finish();
            });
            res.on('error', finish);
          });
          req.on('error', e => (settled ? undefined : reject(e)));
          req.end();
        },
      );
    })();
    result.catch(() => markReady());
    return { ready, result };
  }
}
