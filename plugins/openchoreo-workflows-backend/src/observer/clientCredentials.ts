import { ObserverAuth } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import http from 'node:http';
import { boundedFetch } from './boundedFetch';

type ClientCredentials = Extract<ObserverAuth, { type: 'clientCredentials' }>;

/** A token is renewed this long before it expires. */
const RENEW_BEFORE_MS = 60_000;
/** Lifetime assumed when the token response gives none. */
const DEFAULT_LIFETIME_MS = 5 * 60_000;
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/** The token endpoint refused or answered something unusable; the message has no secret. */
export class TokenError extends Error {}

/**
 * OAuth2 client credentials grant (RFC 6749 §4.4) against OpenChoreo's
 * identity provider, as OpenChoreo's own Backstage plugins authenticate their
 * backend: one token shared by every request until shortly before it expires,
 * one request in flight at a time.
 */
export class ClientCredentialsTokens {
  #token?: { value: string; renewAt: number };
  #pending?: Promise<string>;

  constructor(
    private readonly auth: ClientCredentials,
    private readonly options: { timeoutMs: number; agent?: http.Agent },
  ) {}

  async get(): Promise<string> {
    if (this.#token && Date.now() < this.#token.renewAt)
      return this.#token.value;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets the token (the observer refused it). */
  invalidate() {
    this.#token = undefined;
  }

  async #fetch(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.auth.scopes.length) form.set('scope', this.auth.scopes.join(' '));
    const basic = Buffer.from(
      `${encodeURIComponent(this.auth.clientId)}:${encodeURIComponent(
        this.auth.clientSecret,
      )}`,
    ).toString('base64');
    const res = await boundedFetch(this.auth.tokenUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        Authorization: `Basic ${basic}`,
      },
      body: form.toString(),
      timeoutMs: this.options.timeoutMs,
      maxBytes: MAX_TOKEN_RESPONSE_BYTES,
      agent: this.options.agent,
    });
    let body: any;
    try {
      body = JSON.parse(res.text);
    } catch {
      body = undefined;
    }
    if (res.status !== 200 || typeof body?.access_token !== 'string') {
      const error =
        typeof body?.error === 'string' && /^[\w.-]{1,64}$/.test(body.error)
          ? body.error
          : `HTTP ${res.status}`;
      throw new TokenError(
        `the identity provider refused the client credentials (${error})`,
      );
    }
    const lifetime =
      Number.isFinite(body.expires_in) && body.expires_in > 0
        ? body.expires_in * 1000
        : DEFAULT_LIFETIME_MS;
    this.#token = {
      value: body.access_token,
      renewAt: Date.now() + Math.max(lifetime - RENEW_BEFORE_MS, lifetime / 2),
    };
    return body.access_token;
  }
}
