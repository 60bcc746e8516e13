import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { randomUUID } from 'node:crypto';

/** A Kubernetes `Status` error that has no matching Backstage error. @public */
export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** Longest reason from the API server a client is shown. */
const MAX_REASON_LENGTH = 500;

const PATTERNS: Array<[RegExp, string]> = [
  [/\bBearer\s+[^\s"',)]+/gi, 'Bearer <redacted>'],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '<token>'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<url>'],
  [/\bsystem:serviceaccount:[^\s"',]+/gi, '<service account>'],
  // The RBAC authorizer's subject (`User "..."`), not `API group "..."`.
  [/\b(User|Group) "[^"]*"/g, '$1 "<the portal\'s identity>"'],
  [/\[[0-9a-f:]*:[0-9a-f:]*\](:\d+)?/gi, '<address>'],
  [/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<address>'],
];

/**
 * A message from a Kubernetes API server fit for a portal user: without URLs,
 * addresses, tokens, the service account's or any user's name, nor the given
 * secrets (the API server's host, the credentials of the connection).
 * @public
 */
export function scrubKubeMessage(
  message: string,
  secrets: string[] = [],
): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('<redacted>');
  }
  for (const [pattern, replacement] of PATTERNS) {
    out = out.replace(pattern, replacement);
  }
  return out.length > MAX_REASON_LENGTH
    ? `${out.slice(0, MAX_REASON_LENGTH)}…`
    : out;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'timed out',
  ESOCKETTIMEDOUT: 'timed out',
  ENOTFOUND: 'its host name does not resolve',
  EAI_AGAIN: 'its host name does not resolve',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * What went wrong reaching the API server, from the error code only (never its message, which holds the URL).
 *
 * @public
 */
export function networkReason(error: unknown): string {
  const e = error as { code?: unknown; errno?: unknown; type?: unknown };
  const code = [e?.code, e?.errno].find(
    (c): c is string => typeof c === 'string',
  );
  if (!code) return 'network error';
  if (NETWORK_REASONS[code]) return NETWORK_REASONS[code];
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
    return `TLS verification failed (${code})`;
  return `network error (${/^[A-Z0-9_]{2,40}$/.test(code) ? code : 'unknown'})`;
}

/**
 * A short id the client is shown and the server log carries with the full detail.
 *
 * @public
 */
export const newErrorId = () => randomUUID().slice(0, 8);

/**
 * The Backstage error for a failed request: the same classes as the status
 * (400/422 input, 403, 404, 409, 503), a message naming the cluster and what
 * was asked, the API server's reason scrubbed, and the error id.
 */
export function kubeRequestError(options: {
  cluster: string;
  action: string;
  status: number;
  body: { message?: unknown; reason?: unknown } | undefined;
  secrets: string[];
  id: string;
}): Error {
  const { cluster, action, status, body, secrets, id } = options;
  const reason =
    typeof body?.message === 'string' && body.message
      ? scrubKubeMessage(body.message, secrets)
      : `HTTP ${status}`;
  const verb = status >= 500 ? 'failed to' : 'refused to';
  const message = `the OpenChoreo cluster '${cluster}' ${verb} ${action}: ${reason} (error id ${id})`;
  switch (status) {
    case 400:
    case 422:
      return new InputError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    case 503:
      return new ServiceUnavailableError(message);
    default:
      return new KubeApiError(
        status,
        typeof body?.reason === 'string' ? body.reason : undefined,
        message,
      );
  }
}

/** The error for an API server that could not be reached. */
export function kubeUnreachableError(
  cluster: string,
  action: string,
  cause: unknown,
  id: string,
): Error {
  return new ServiceUnavailableError(
    `the OpenChoreo cluster '${cluster}' cannot be reached to ${action}: ${networkReason(
      cause,
    )} (error id ${id})`,
  );
}
