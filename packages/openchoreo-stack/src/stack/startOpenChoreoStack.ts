import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import {
  goToolBinary,
  requestJson,
  RunningChild,
  startChildProcess,
  startTestApiServer,
  TestApiServer,
} from '@openchoreo-workflows/test-apiserver';
import { argoCrds } from './argoCrds';
import { openChoreoCrds, openChoreoModuleDir } from './openchoreoModule';

/** Something that acts on the stack once it is up (e.g. an Argo executor). */
export interface StackService {
  stop(): Promise<void>;
}

/** Options for {@link startOpenChoreoStack}. */
export interface OpenChoreoStackOptions {
  /** Also write the kubeconfig here once everything is ready (removed by stop()). */
  kubeconfigPath?: string;
  /**
   * Started last, once the manager is ready, and stopped first: the hook for an
   * Argo executor that walks the Argo Workflows OpenChoreo's controller creates.
   * Without one, nothing executes them (write their status yourself).
   */
  executor?: (stack: OpenChoreoStackInfo) => Promise<StackService>;
  /** Extra flags for OpenChoreo's manager, e.g. `--zap-log-level=debug`. */
  managerArgs?: string[];
  /** How long each part may take to become ready (default 120 s). */
  startTimeoutMs?: number;
}

/** What a running stack offers. */
export interface OpenChoreoStackInfo {
  /** The kube-apiserver (control plane and workflow plane alike). */
  apiServer: TestApiServer;
  /** The kubeconfig as YAML (TLS, cluster-admin token). */
  kubeconfig: string;
  /** A file holding it (kubeconfigPath when given, else inside the apiserver's temp dir). */
  kubeconfigPath: string;
  /** The stub cluster gateway, e.g. http://127.0.0.1:41234. */
  gatewayUrl: string;
  /** OpenChoreo's module in the Go module cache (its samples are under samples/). */
  openChoreoModuleDir: string;
  /** Where the gateway's and the manager's logs are. */
  logDir: string;
}

/** A running stack. */
export interface OpenChoreoStack extends OpenChoreoStackInfo {
  /** Stops the executor, the manager, the gateway and the apiserver; removes what it wrote. Idempotent. */
  stop(): Promise<void>;
}

/** The ClusterWorkflowPlane every ClusterWorkflow defaults to; the stub gateway serves it. */
const DEFAULT_PLANE = {
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'ClusterWorkflowPlane',
  metadata: { name: 'default' },
  spec: {
    planeID: 'default',
    clusterAgent: {
      clientCA: { value: 'not used: the stub gateway has no agents' },
    },
  },
};

/** The ClusterObservabilityPlane `default`: its observerURL is the stub gateway. */
function observabilityPlane(observerURL: string) {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'ClusterObservabilityPlane',
    metadata: { name: 'default' },
    spec: {
      planeID: 'default',
      clusterAgent: {
        clientCA: { value: 'not used: the stub gateway has no agents' },
      },
      observerURL,
    },
  };
}

/**
 * Starts the real OpenChoreo stack on 127.0.0.1: the kube-apiserver (embedded
 * etcd; namespaces enforced as on a cluster) with OpenChoreo v1.2.3's 37 CRDs
 * from its module and minimal Argo CRDs, a ClusterWorkflowPlane `default`, the
 * stub cluster gateway (its test observer is the ClusterObservabilityPlane
 * `default`) and OpenChoreo's own controller manager (webhooks off), then the
 * optional executor. Each part must become ready in time or the start
 * fails naming it, and whatever was started is stopped. Builds the Go tools
 * first when needed (minutes when cold).
 */
export async function startOpenChoreoStack(
  options: OpenChoreoStackOptions = {},
): Promise<OpenChoreoStack> {
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const [managerBin, gatewayBin, watchdogBin] = await Promise.all([
    goToolBinary('openchoreo-manager'),
    goToolBinary('stub-gateway'),
    goToolBinary('watchdog'),
  ]);
  const moduleDir = await openChoreoModuleDir();
  const logDir = await fs.promises.mkdtemp(
    path.join(os.tmpdir(), 'ocw-openchoreo-stack-'),
  );
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const apiServer = await startTestApiServer({
      crds: [...openChoreoCrds(moduleDir), ...argoCrds()],
      namespaceLifecycle: true,
      startTimeoutMs,
    });
    stops.push(apiServer.stop);
    const kc = new KubeConfig();
    kc.loadFromString(apiServer.kubeconfig);
    await requestJson(
      kc,
      'POST',
      '/apis/openchoreo.dev/v1alpha1/clusterworkflowplanes',
      DEFAULT_PLANE,
    );

    const gateway = await startChildProcess({
      name: 'stub-gateway',
      command: gatewayBin,
      args: [
        '--kubeconfig',
        apiServer.kubeconfigPath,
        '--exit-on-stdin-close',
        '-v',
      ],
      logPath: path.join(logDir, 'gateway.log'),
      readyLine: /^ready (\S+)$/m,
      startTimeoutMs,
    });
    stops.push(gateway.stop);
    const gatewayUrl = gateway.readyMatch![1];
    // The stub gateway's test observer is the stack's observer, found as an
    // OpenChoreo install's is: the ClusterObservabilityPlane `default`.
    await requestJson(
      kc,
      'POST',
      '/apis/openchoreo.dev/v1alpha1/clusterobservabilityplanes',
      observabilityPlane(gatewayUrl),
    );

    const manager = await startManager({
      watchdogBin,
      managerBin,
      kubeconfigPath: apiServer.kubeconfigPath,
      gatewayUrl,
      logPath: path.join(logDir, 'manager.log'),
      extraArgs: options.managerArgs ?? [],
      startTimeoutMs,
    });
    stops.push(manager.stop);

    let kubeconfigPath = apiServer.kubeconfigPath;
    if (options.kubeconfigPath) {
      kubeconfigPath = options.kubeconfigPath;
      await writePrivateFile(kubeconfigPath, apiServer.kubeconfig);
      stops.push(() => fs.promises.rm(kubeconfigPath, { force: true }));
    }
    const info: OpenChoreoStackInfo = {
      apiServer,
      kubeconfig: apiServer.kubeconfig,
      kubeconfigPath,
      gatewayUrl,
      openChoreoModuleDir: moduleDir,
      logDir,
    };
    if (options.executor) {
      const executor = await options.executor(info);
      stops.push(() => executor.stop());
    }
    stops.unshift(() =>
      fs.promises.rm(logDir, { recursive: true, force: true }),
    );
    let stopping: Promise<void> | undefined;
    return { ...info, stop: () => (stopping ??= stopAll()) };
  } catch (error) {
    await stopAll();
    await fs.promises.rm(logDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * OpenChoreo's manager under tools/watchdog (the manager cannot notice its
 * parent's death; the watchdog stops it at stdin EOF), ready once its health
 * probe answers /readyz.
 */
async function startManager(o: {
  watchdogBin: string;
  managerBin: string;
  kubeconfigPath: string;
  gatewayUrl: string;
  logPath: string;
  extraArgs: string[];
  startTimeoutMs: number;
}): Promise<RunningChild> {
  const probePort = await freePort();
  return startChildProcess({
    name: 'openchoreo-manager',
    command: o.watchdogBin,
    args: [
      '--',
      o.managerBin,
      '--kubeconfig',
      o.kubeconfigPath,
      '--health-probe-bind-address',
      `127.0.0.1:${probePort}`,
      '--metrics-bind-address',
      '0',
      '--cluster-gateway-url',
      o.gatewayUrl,
      ...o.extraArgs,
    ],
    env: { ...process.env, ENABLE_WEBHOOKS: 'false' },
    logPath: o.logPath,
    readyProbe: () => httpOk(`http://127.0.0.1:${probePort}/readyz`),
    startTimeoutMs: o.startTimeoutMs,
  });
}

function httpOk(url: string): Promise<boolean> {
  return new Promise(resolve => {
    const req = http.get(url, { timeout: 2000 }, res => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function writePrivateFile(file: string, content: string) {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await fs.promises.writeFile(tmp, content, { mode: 0o600 });
  await fs.promises.rename(tmp, file);
}
