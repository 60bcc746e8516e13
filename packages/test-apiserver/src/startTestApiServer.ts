import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { RunningChild, startChildProcess } from './childProcess';
import { goToolBinary } from './goTool';

/** Options for {@link startTestApiServer}. */
export interface TestApiServerOptions {
  /** CustomResourceDefinition objects to create; resolves once all are Established. */
  crds?: object[];
  /** Extra kube-apiserver flags, e.g. `--etcd-compaction-interval=2s`. */
  extraArgs?: string[];
  /**
   * Enforce that namespaces exist, as a real cluster does (the NamespaceLifecycle
   * admission plugin). Off by default: tests may then use any namespace name
   * without creating it first.
   */
  namespaceLifecycle?: boolean;
  /** How long to wait for the server to become ready (default 120 s). */
  startTimeoutMs?: number;
}

/** A running test API server. */
export interface TestApiServer {
  /** e.g. `https://127.0.0.1:41234` */
  url: string;
  kubeconfigPath: string;
  /** The kubeconfig as YAML: server URL, CA data and a bearer token. */
  kubeconfig: string;
  /** Stops the server and removes its temp dir. Safe to call more than once. */
  stop(): Promise<void>;
}

const ESTABLISHED_TIMEOUT_MS = 30_000;

/**
 * Starts the real Kubernetes API server (the full kube-apiserver v1.36 with an
 * embedded etcd, see tools/kube-apiserver) on a free loopback port: core API
 * (namespaces, pods, events, RBAC...), CustomResourceDefinitions and custom
 * resources, TLS and a bearer token with cluster-admin rights. Builds the binary
 * first if needed, which needs Go; throws a clear error when that is impossible.
 */
export async function startTestApiServer(
  options: TestApiServerOptions = {},
): Promise<TestApiServer> {
  const binary = await goToolBinary('kube-apiserver');
  const dir = await fs.promises.mkdtemp(
    path.join(os.tmpdir(), 'ocw-test-apiserver-'),
  );
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  let server: RunningChild | undefined;
  try {
    server = await startChildProcess({
      name: 'kube-apiserver',
      command: binary,
      args: [
        '--port=0', // it binds a free port itself and writes it into the kubeconfig
        `--data-dir=${dir}`,
        `--kubeconfig-out=${kubeconfigPath}`,
        // If this Node process dies without stop(), the closed pipe ends the server.
        '--exit-on-stdin-close',
        ...(options.namespaceLifecycle
          ? []
          : ['--disable-admission-plugins=ServiceAccount,NamespaceLifecycle']),
        ...(options.extraArgs ?? []),
      ],
      logPath: path.join(dir, 'server.log'),
      readyLine: /^ready (\S+)$/m,
      startTimeoutMs: options.startTimeoutMs ?? 120_000,
    });
    const kubeconfig = await fs.promises.readFile(kubeconfigPath, 'utf8');
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfig);
    if (options.crds?.length) {
      await applyCrds(kc, options.crds);
    }
    const running = server;
    let stopping: Promise<void> | undefined;
    return {
      url: kc.getCurrentCluster()!.server,
      kubeconfigPath,
      kubeconfig,
      stop: () =>
        (stopping ??= running
          .stop()
          .then(() => fs.promises.rm(dir, { recursive: true, force: true }))),
    };
  } catch (error) {
    await server?.stop();
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Creates the CRDs as raw JSON. (client-node's typed APIs would re-serialize
 * plain objects through their models and silently drop keys such as
 * `default`, `enum` and `x-kubernetes-*`.)
 */
async function applyCrds(kc: KubeConfig, crds: object[]) {
  const base = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const names: string[] = [];
  for (const crd of crds) {
    const created = await requestJson(kc, 'POST', base, crd);
    names.push(created.metadata.name);
  }
  const deadline = Date.now() + ESTABLISHED_TIMEOUT_MS;
  for (const name of names) {
    for (;;) {
      const crd = await requestJson(kc, 'GET', `${base}/${name}`);
      const established = crd.status?.conditions?.some(
        (c: { type: string; status: string }) =>
          c.type === 'Established' && c.status === 'True',
      );
      if (established) break;
      if (Date.now() > deadline) {
        throw new Error(
          `kube-apiserver: CRD ${name} not Established after ${ESTABLISHED_TIMEOUT_MS} ms`,
        );
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }
}

/**
 * A raw JSON request to the kube-apiserver of `kc` (no model re-serialization;
 * `contentType` e.g. application/merge-patch+json for a PATCH); rejects on a status >= 300.
 */
export async function requestJson(
  kc: KubeConfig,
  method: string,
  apiPath: string,
  body?: object,
  contentType = 'application/json',
): Promise<any> {
  const url = new URL(apiPath, kc.getCurrentCluster()!.server);
  const opts: https.RequestOptions = {
    method,
    hostname: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    headers: { 'Content-Type': contentType, Accept: 'application/json' },
  };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = https.request(opts, res => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', chunk => (text += chunk));
      res.on('end', () => {
        if (res.statusCode && res.statusCode < 300) {
          resolve(JSON.parse(text));
        } else {
          reject(
            new Error(
              `kube-apiserver: ${method} ${apiPath} failed with ${res.statusCode}: ${text}`,
            ),
          );
        }
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
