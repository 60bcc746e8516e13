import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { findUp } from './findUp';

/** Options for {@link startTestApiServer}. */
export interface TestApiServerOptions {
  /** CustomResourceDefinition objects to create; resolves once all are Established. */
  crds?: object[];
  /** Extra flags for the server, e.g. `--etcd-compaction-interval=2s`. */
  extraArgs?: string[];
  /** How long to wait for the server to become ready (default 60 s). */
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

const BUILD_TIMEOUT_MS = 20 * 60_000;
const STOP_GRACE_MS = 10_000;
const ESTABLISHED_TIMEOUT_MS = 30_000;

class PortInUseError extends Error {}

/**
 * Starts a real Kubernetes API server (apiextensions-apiserver with embedded
 * etcd, see tools/test-apiserver) on a free loopback port. It serves
 * CustomResourceDefinitions and custom resources only, with no core API
 * (namespaces need not exist). Builds the binary first if needed, which
 * needs Go; throws a clear error when that is impossible.
 */
export async function startTestApiServer(
  options: TestApiServerOptions = {},
): Promise<TestApiServer> {
  const binary = await ensureBinary();
  const dir = await fs.promises.mkdtemp(
    path.join(os.tmpdir(), 'ocw-test-apiserver-'),
  );
  let server: RunningProcess | undefined;
  try {
    // A port picked here may be taken before the server binds it: retry.
    for (let attempt = 1; !server; attempt++) {
      try {
        server = await launch(binary, dir, await freePort(), options);
      } catch (error) {
        if (!(error instanceof PortInUseError) || attempt >= 3) throw error;
      }
    }
    const kubeconfigPath = path.join(dir, 'kubeconfig');
    const kubeconfig = await fs.promises.readFile(kubeconfigPath, 'utf8');
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfig);
    if (options.crds?.length) {
      await applyCrds(kc, options.crds);
    }
    return {
      url: kc.getCurrentCluster()!.server,
      kubeconfigPath,
      kubeconfig,
      stop: server.stop,
    };
  } catch (error) {
    if (server) await server.stop();
    else await fs.promises.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Path of the server binary; runs tools/test-apiserver/build.sh (a no-op when up to date). */
async function ensureBinary(): Promise<string> {
  const fromEnv = process.env.OCW_TEST_APISERVER_BIN;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) {
      throw new Error(`OCW_TEST_APISERVER_BIN=${fromEnv} does not exist`);
    }
    return fromEnv;
  }
  // This package only runs from source (tests), so __dirname is inside the repository.
  // eslint-disable-next-line no-restricted-syntax
  const here = __dirname;
  const toolDir = findUp(here, d =>
    fs.existsSync(path.join(d, 'tools', 'test-apiserver', 'build.sh')),
  );
  if (!toolDir) {
    throw new Error(
      `test-apiserver: tools/test-apiserver/build.sh not found above ${here}`,
    );
  }
  const buildScript = path.join(toolDir, 'tools', 'test-apiserver', 'build.sh');
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [buildScript],
      { timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const binary = stdout.trim().split('\n').pop() ?? '';
        if (error || !binary || !fs.existsSync(binary)) {
          reject(
            new Error(
              `test-apiserver: could not build the API server binary (${buildScript}); ` +
                `Go >= 1.26 and the Go module proxy are required.\n${stderr.trim()}`,
            ),
          );
        } else {
          resolve(binary);
        }
      },
    );
  });
}

interface RunningProcess {
  stop(): Promise<void>;
}

/** Spawns the server and resolves once it reports ready (kubeconfig written). */
async function launch(
  binary: string,
  dir: string,
  port: number,
  options: TestApiServerOptions,
): Promise<RunningProcess> {
  const logPath = path.join(dir, 'server.log');
  const logFd = fs.openSync(logPath, 'w');
  const child = spawn(
    binary,
    [
      `--port=${port}`,
      `--data-dir=${dir}`,
      `--kubeconfig-out=${path.join(dir, 'kubeconfig')}`,
      // If this Node process dies without stop(), the closed pipe ends the server.
      '--exit-on-stdin-close',
      ...(options.extraArgs ?? []),
    ],
    { stdio: ['pipe', 'pipe', logFd], detached: true },
  );
  fs.closeSync(logFd);
  const exited = new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const onProcessExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onProcessExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', onProcessExit);
      child.stdin?.end();
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(
        () => killGroup(child, 'SIGKILL'),
        STOP_GRACE_MS,
      );
      await exited;
      clearTimeout(timer);
      await fs.promises.rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    await waitForReadyLine(child, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    const log = await readTail(logPath);
    // Stop the process but keep the dir: the caller retries in it or removes it.
    process.removeListener('exit', onProcessExit);
    child.stdin?.end();
    killGroup(child, 'SIGKILL');
    await exited;
    if (/address already in use/.test(log)) {
      throw new PortInUseError(`port ${port} is in use`);
    }
    throw new Error(
      `test-apiserver: ${(error as Error).message}\n--- server log (tail) ---\n${log}`,
    );
  }
  return { stop };
}

function waitForReadyLine(child: ChildProcess, timeoutMs: number) {
  return new Promise<void>((resolve, reject) => {
    let out = '';
    let timer: NodeJS.Timeout | undefined = undefined;
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    }
    function onData(chunk: Buffer) {
      out += chunk.toString();
      if (/^ready /m.test(out)) {
        cleanup();
        // Keep draining stdout so the server never blocks on a full pipe.
        child.stdout?.resume();
        resolve();
      }
    }
    function onExit(code: number | null, signal: string | null) {
      cleanup();
      reject(new Error(`server exited early (code ${code}, signal ${signal})`));
    }
    timer = setTimeout(() => {
      cleanup();
      reject(new Error(`server not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal); // detached => own process group
  } catch {
    // already gone
  }
}

async function readTail(file: string, maxChars = 4000): Promise<string> {
  try {
    const text = await fs.promises.readFile(file, 'utf8');
    return text.slice(-maxChars);
  } catch {
    return '(no log)';
  }
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
          `test-apiserver: CRD ${name} not Established after ${ESTABLISHED_TIMEOUT_MS} ms`,
        );
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }
}

async function requestJson(
  kc: KubeConfig,
  method: string,
  apiPath: string,
  body?: object,
): Promise<any> {
  const url = new URL(apiPath, kc.getCurrentCluster()!.server);
  const opts: https.RequestOptions = {
    method,
    hostname: url.hostname,
    port: url.port,
    path: url.pathname,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
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
              `test-apiserver: ${method} ${apiPath} failed with ${res.statusCode}: ${text}`,
            ),
          );
        }
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
