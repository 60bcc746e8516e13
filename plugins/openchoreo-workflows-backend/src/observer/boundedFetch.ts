import fetch, { FetchError } from 'node-fetch';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

/** Why a request got no usable answer; `detail` is for the server log only. */
export class BoundedFetchError extends Error {
  constructor(
    readonly kind: 'timeout' | 'tooLarge' | 'network',
    readonly cause: unknown,
  ) {
    super(`${kind}: ${cause}`);
  }
}

export interface BoundedFetchOptions {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Deadline of the whole exchange, body included. */
  timeoutMs: number;
  /** Largest body read; more fails with `tooLarge`. */
  maxBytes: number;
  agent?: http.Agent;
}

/** A TLS agent for a configured CA (or none), as the Kubernetes connections have. */
export function tlsAgent(tls: {
  caData?: string;
  caFile?: string;
  skipTLSVerify?: boolean;
}): https.Agent | undefined {
  const ca = tls.caData
    ? Buffer.from(tls.caData, 'base64')
    : tls.caFile && fs.readFileSync(tls.caFile);
  if (!ca && !tls.skipTLSVerify) return undefined;
  return new https.Agent({
    ...(ca ? { ca } : {}),
    rejectUnauthorized: !tls.skipTLSVerify,
    keepAlive: true,
  });
}

/**
 * One HTTP exchange with a deadline and a size limit: never waits longer than
 * `timeoutMs` nor reads more than `maxBytes`, whatever the server does.
 */
export async function boundedFetch(
  url: string,
  options: BoundedFetchOptions,
): Promise<{ status: number; text: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const res = await fetch(url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      size: options.maxBytes,
      redirect: 'error',
      // node-fetch 2 takes an AbortSignal-like object.
      signal: controller.signal as any,
      agent: url.startsWith('https:') ? options.agent : undefined,
    });
    return { status: res.status, text: await res.text() };
  } catch (e) {
    if (controller.signal.aborted) throw new BoundedFetchError('timeout', e);
    if (e instanceof FetchError && e.type === 'max-size')
      throw new BoundedFetchError('tooLarge', e);
    throw new BoundedFetchError('network', e);
  } finally {
    clearTimeout(timer);
  }
}
