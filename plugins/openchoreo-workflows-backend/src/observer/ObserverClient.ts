import { LoggerService } from '@backstage/backend-plugin-api';
import {
  networkReason,
  newErrorId,
  ObserverConfig,
  scrubKubeMessage,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import http from 'node:http';
import { BoundedFetchError, boundedFetch, tlsAgent } from './boundedFetch';
import { ClientCredentialsTokens, TokenError } from './clientCredentials';

/** What the observer could not do, in words fit for a portal user (no URL, no credential). */
export class ObserverError extends Error {
  name = 'ObserverError';
}

/** One line from the observer (its timestamps are RFC 3339 to the second). */
export interface ObserverLine {
  timestamp?: string;
  text: string;
}

/** A step of a run, and the time window its lines fall in. */
export interface StepLogQuery {
  /** The WorkflowRun's namespace (OpenChoreo's `searchScope.namespace`). */
  namespace: string;
  runName: string;
  task: string;
  from: Date;
  to: Date;
}

/** OpenChoreo's page size limit (`config.MaxLimit`, observer-api.yaml `limit.maximum`). */
export const OBSERVER_PAGE = 1000;
/** The longest window OpenChoreo's observer accepts (handlers/validations.go maxQueryTimeRange). */
export const OBSERVER_MAX_RANGE_MS = 30 * 24 * 3600_000;

/** RFC 3339 to the second, as OpenChoreo's validation expects and answers. */
export const rfc3339 = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const secondOf = (timestamp: string | undefined) => {
  const ms = timestamp ? Date.parse(timestamp) : Number.NaN;
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000) * 1000;
};

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${Math.round(bytes / 1024 / 1024)} MiB`
    : `${Math.round(bytes / 1024)} KiB`;

/**
 * The client of one cluster's OpenChoreo observer: `POST
 * {url}/api/v1/logs/query` with a workflow search scope, as OpenChoreo's
 * Backstage plugin and `occ` call it. Every request has a deadline and a
 * size limit; every error a user sees is scrubbed of URLs and credentials and
 * carries an error id the server log has beside the full detail.
 */
export class ObserverClient {
  readonly #agent?: http.Agent;
  readonly #tokens?: ClientCredentialsTokens;

  constructor(
    private readonly cluster: string,
    private readonly config: ObserverConfig,
    private readonly logger: LoggerService,
  ) {
    this.#agent = tlsAgent(config);
    if (config.auth?.type === 'clientCredentials') {
      this.#tokens = new ClientCredentialsTokens(config.auth, {
        timeoutMs: config.timeoutMs,
        agent: this.#agent,
      });
    }
  }

  /**
   * Every line of one step, oldest first, at most `maxLinesPerStep`. Pages
   * of 1,000 follow each other by time: the next page starts at the second
   * of the last line, skipping the lines of that second already read.
   */
  async stepLogs(
    baseUrl: string,
    q: StepLogQuery,
  ): Promise<{ lines: ObserverLine[]; truncated: boolean }> {
    const max = this.config.maxLinesPerStep;
    // The observer refuses windows over 30 days: the latest 30 are asked.
    const to = Math.ceil(q.to.getTime() / 1000) * 1000;
    let start = Math.max(
      Math.floor(q.from.getTime() / 1000) * 1000,
      to - OBSERVER_MAX_RANGE_MS,
    );
    const lines: ObserverLine[] = [];
    let known = 0; // lines already kept whose second is `start`
    let truncated = false;
    for (let page = 0; page < Math.ceil(max / OBSERVER_PAGE) + 10; page++) {
      const logs = await this.#query(baseUrl, q, start, to);
      // The page starts with the lines of `start` already kept, in the same order.
      let skip = 0;
      while (
        skip < known &&
        skip < logs.length &&
        secondOf(logs[skip].timestamp) === start
      )
        skip++;
      const fresh = logs.slice(skip);
      lines.push(...fresh.slice(0, max - lines.length));
      if (lines.length >= max && logs.length === OBSERVER_PAGE)
        truncated = true;
      if (logs.length < OBSERVER_PAGE || lines.length >= max) break;
      const last = secondOf(logs[logs.length - 1].timestamp);
      if (last === undefined) {
        truncated = true; // without times there is no next page
        break;
      }
      if (fresh.length === 0) {
        // More than a page within one second: the rest of it cannot be asked for.
        truncated = true;
        start = last + 1000;
        known = 0;
      } else {
        start = last;
        known = lines.filter(l => secondOf(l.timestamp) === last).length;
      }
      if (start > to) break;
    }
    return { lines, truncated };
  }

  async #query(
    baseUrl: string,
    q: StepLogQuery,
    start: number,
    end: number,
  ): Promise<ObserverLine[]> {
    const body = {
      startTime: rfc3339(start),
      endTime: rfc3339(end),
      limit: OBSERVER_PAGE,
      sortOrder: 'asc',
      searchScope: {
        namespace: q.namespace,
        workflowRunName: q.runName,
        taskName: q.task,
      },
    };
    const parsed = await this.#post(`${baseUrl}/api/v1/logs/query`, body);
    const logs = (parsed as { logs?: unknown })?.logs;
    if (!Array.isArray(logs)) {
      throw this.#fail(
        `answered without a logs array: ${JSON.stringify(parsed).slice(
          0,
          500,
        )}`,
        'answered something that is not a logs response',
      );
    }
    return logs
      .filter(l => l && typeof l.log === 'string')
      .map(l => ({
        timestamp: typeof l.timestamp === 'string' ? l.timestamp : undefined,
        text: l.log,
      }));
  }

  async #post(url: string, body: unknown, retried = false): Promise<unknown> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    const token = await this.#token();
    if (token) headers.Authorization = `Bearer ${token}`;
    let res: { status: number; text: string };
    try {
      res = await boundedFetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        timeoutMs: this.config.timeoutMs,
        maxBytes: this.config.maxResponseBytes,
        agent: this.#agent,
      });
    } catch (e) {
      throw this.#fetchFailure(url, e);
    }
    if (res.status === 401 && this.#tokens && !retried) {
      this.#tokens.invalidate();
      return this.#post(url, body, true);
    }
    let parsed: any;
    try {
      parsed = JSON.parse(res.text);
    } catch {
      parsed = undefined;
    }
    if (res.status !== 200) {
      const reason =
        typeof parsed?.message === 'string' && parsed.message
          ? `: ${scrubKubeMessage(parsed.message, this.#secrets(url))}`
          : '';
      throw this.#fail(
        `POST ${url} answered ${res.status}: ${res.text.slice(0, 2000)}`,
        `answered ${res.status}${reason}`,
      );
    }
    if (parsed === undefined) {
      throw this.#fail(
        `POST ${url} answered 200 with no JSON: ${res.text.slice(0, 500)}`,
        'answered something that is not JSON',
      );
    }
    return parsed;
  }

  async #token(): Promise<string | undefined> {
    const auth = this.config.auth;
    if (auth?.type === 'bearerToken') return auth.token;
    if (!this.#tokens || auth?.type !== 'clientCredentials') return undefined;
    try {
      return await this.#tokens.get();
    } catch (e) {
      if (e instanceof TokenError)
        throw this.#fail(e.message, `cannot be asked: ${e.message}`);
      throw this.#fetchFailure(auth.tokenUrl, e, 'the identity provider');
    }
  }

  #fetchFailure(url: string, e: unknown, who?: string) {
    const kind = e instanceof BoundedFetchError ? e.kind : 'network';
    const cause = e instanceof BoundedFetchError ? e.cause : e;
    const words = {
      timeout: `did not answer within ${this.config.timeoutMs / 1000} s`,
      tooLarge: `answered more than ${size(this.config.maxResponseBytes)}`,
      network: `could not be reached: ${networkReason(cause)}`,
    }[kind];
    return this.#fail(
      `${url}: ${cause}`,
      who ? `cannot be asked: ${who} ${words}` : words,
    );
  }

  /** Logs the detail under a new error id and returns the error a client may see. */
  #fail(detail: string, words: string): ObserverError {
    const id = newErrorId();
    this.logger.warn(
      `error ${id}: cluster '${this.cluster}': observer: ${detail}`,
    );
    return new ObserverError(
      `OpenChoreo's observer of cluster '${this.cluster}' ${words} (error id ${id})`,
    );
  }

  #secrets(url: string): string[] {
    const auth = this.config.auth;
    const secrets = [url];
    try {
      secrets.push(new URL(url).host, new URL(url).hostname);
    } catch {
      // the URL pattern scrubs it
    }
    if (auth?.type === 'bearerToken') secrets.push(auth.token);
    if (auth?.type === 'clientCredentials')
      secrets.push(auth.clientSecret, auth.clientId);
    return secrets;
  }
}
