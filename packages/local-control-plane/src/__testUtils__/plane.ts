import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import {
  LocalControlPlane,
  LocalControlPlaneOptions,
  startLocalControlPlane,
} from '../localControlPlane';

export interface TestPlane {
  plane: LocalControlPlane;
  kc: KubeConfig;
  custom: CustomObjectsApi;
  core: CoreV1Api;
  /** Raw HTTP against the server (path relative to its URL). */
  http(path: string, init?: RequestInit): Promise<Response>;
}

export async function startTestPlane(
  options: LocalControlPlaneOptions = {},
): Promise<TestPlane> {
  const plane = await startLocalControlPlane({ port: 0, ...options });
  const kc = new KubeConfig();
  kc.loadFromString(plane.kubeconfig);
  return {
    plane,
    kc,
    custom: kc.makeApiClient(CustomObjectsApi),
    core: kc.makeApiClient(CoreV1Api),
    http: (path, init) => fetch(`${plane.url}${path}`, init),
  };
}

/** The parsed body of a client-node ApiException. */
export async function apiError(
  p: Promise<unknown>,
): Promise<{ code: number; body: any }> {
  try {
    await p;
  } catch (e: any) {
    return {
      code: e.code,
      body: typeof e.body === 'string' ? JSON.parse(e.body) : e.body,
    };
  }
  throw new Error('expected the call to fail');
}

export async function waitFor<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

export const OC = { group: 'openchoreo.dev', version: 'v1alpha1' };
export const ARGO = { group: 'argoproj.io', version: 'v1alpha1' };
