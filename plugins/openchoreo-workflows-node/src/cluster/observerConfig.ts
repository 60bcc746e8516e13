import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How the backend authenticates to OpenChoreo's observer. @public */
export type ObserverAuth =
  | { type: 'bearerToken'; token: string }
  | {
      type: 'clientCredentials';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scopes: string[];
    };

/**
 * OpenChoreo's observer (`POST {url}/api/v1/logs/query`), where step logs are
 * read when no pod has them any more. @public
 */
export interface ObserverConfig {
  /** Base URL of the observer; absent when it is resolved from the cluster. */
  url?: string;
  /**
   * Resolve the URL as OpenChoreo does: the workflow's workflowPlaneRef, its
   * observabilityPlaneRef, that plane's `spec.observerURL`.
   */
  resolveFromObservabilityPlane: boolean;
  auth?: ObserverAuth;
  caData?: string;
  caFile?: string;
  skipTLSVerify?: boolean;
  /** Deadline of one observer request (token requests included). */
  timeoutMs: number;
  /** Largest response body read from the observer. */
  maxResponseBytes: number;
  /** Most lines read for one step (the observer pages by 1,000). */
  maxLinesPerStep: number;
  /**
   * How long after a step ended its lines may still be on their way to the
   * observer (the log pipeline's delay): until then what it has is read again
   * rather than kept as the step's complete log.
   */
  ingestionDelayMs: number;
}

export const OBSERVER_DEFAULTS = {
  timeoutMs: 10_000,
  maxResponseBytes: 8 * 1024 * 1024,
  maxLinesPerStep: 20_000,
  ingestionDelayMs: 120_000,
};

function httpUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${where} must be an http or https URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${where} must be an http or https URL`);
  }
  return value.replace(/\/+$/, '');
}

function bounded(
  c: Config,
  key: string,
  where: string,
  [min, max]: [number, number],
  fallback: number,
): number {
  const value = c.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(
      `${where}.${key} must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}

function readAuth(c: Config | undefined, where: string) {
  if (!c) return undefined;
  const hasToken = c.has('bearerToken');
  const hasClient = c.has('clientCredentials');
  if (hasToken === hasClient) {
    throw new InputError(
      `${where} needs exactly one of bearerToken or clientCredentials`,
    );
  }
  if (hasToken) {
    return { type: 'bearerToken' as const, token: c.getString('bearerToken') };
  }
  const cc = c.getConfig('clientCredentials');
  return {
    type: 'clientCredentials' as const,
    tokenUrl: httpUrl(
      cc.getString('tokenUrl'),
      `${where}.clientCredentials.tokenUrl`,
    ),
    clientId: cc.getString('clientId'),
    clientSecret: cc.getString('clientSecret'),
    scopes: cc.getOptionalStringArray('scopes') ?? [],
  };
}

/** Reads `openchoreoWorkflows.clusters[i].observer`; every problem names its key. */
export function readObserverConfig(
  c: Config | undefined,
  where: string,
): ObserverConfig | undefined {
  if (!c) return undefined;
  const url = c.getOptionalString('url');
  const resolve =
    c.getOptionalBoolean('resolveFromObservabilityPlane') ?? false;
  if (!url === !resolve) {
    throw new InputError(
      `${where} needs exactly one of url or resolveFromObservabilityPlane: true`,
    );
  }
  return {
    url: url ? httpUrl(url, `${where}.url`) : undefined,
    resolveFromObservabilityPlane: resolve,
    auth: readAuth(c.getOptionalConfig('auth'), `${where}.auth`),
    caData: c.getOptionalString('caData'),
    caFile: c.getOptionalString('caFile'),
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
    timeoutMs:
      bounded(
        c,
        'timeoutSeconds',
        where,
        [1, 120],
        OBSERVER_DEFAULTS.timeoutMs / 1000,
      ) * 1000,
    maxResponseBytes: OBSERVER_DEFAULTS.maxResponseBytes,
    maxLinesPerStep: bounded(
      c,
      'maxLinesPerStep',
      where,
      [1, 200_000],
      OBSERVER_DEFAULTS.maxLinesPerStep,
    ),
    ingestionDelayMs:
      bounded(
        c,
        'ingestionDelaySeconds',
        where,
        [0, 3600],
        OBSERVER_DEFAULTS.ingestionDelayMs / 1000,
      ) * 1000,
  };
}
