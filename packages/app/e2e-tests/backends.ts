import { expect } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/**
 * The plugin's REST API on one backend, as the guest user (a real user token
 * from that backend's guest sign-in).
 */
export class PluginApi {
  #token?: string;

  constructor(readonly base: string) {}

  async #auth() {
    if (!this.#token) {
      const res = await fetch(`${this.base}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      const body = (await res.json()) as {
        backstageIdentity?: { token?: string };
      };
      const token = body.backstageIdentity?.token;
      if (!token) throw new Error(`${this.base}: guest sign-in ${res.status}`);
      this.#token = token;
    }
    return { Authorization: `Bearer ${this.#token}` };
  }

  /** `path` under /api/openchoreo-workflows; the status and the JSON body. */
  async call<T = any>(
    path: string,
    method = 'GET',
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}/api/openchoreo-workflows${path}`, {
      method,
      headers: await this.#auth(),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async get<T = any>(path: string): Promise<T> {
    const { status, body } = await this.call<T>(path);
    if (status !== 200) {
      throw new Error(
        `GET ${this.base} ${path}: ${status} ${JSON.stringify(body)}`,
      );
    }
    return body;
  }
}

/** A free port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * A second replica of the dev portal's backend (`scripts/e2e-backend.sh
 * --replica`): on the first one's PostgreSQL databases and local control
 * plane, on 127.0.0.1 at a free port. Its output is kept for the report.
 */
export class Replica {
  readonly api: PluginApi;
  readonly output: string[] = [];

  private constructor(readonly child: ChildProcess, readonly port: number) {
    this.api = new PluginApi(`http://127.0.0.1:${port}`);
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString().split('\n'));
      this.output.splice(0, Math.max(0, this.output.length - 400));
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  /** `env`: more configuration (APP_CONFIG_* variables) for this replica. */
  static async start(env: Record<string, string> = {}): Promise<Replica> {
    const port = await freePort();
    // Its own process group: yarn, the Backstage CLI and the backend stop together.
    const child = spawn(
      'bash',
      [resolve(ROOT, 'scripts/e2e-backend.sh'), '--replica', String(port)],
      {
        cwd: ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      },
    );
    return new Replica(child, port);
  }

  /** Resolves once the plugin answers a signed-in /health with 200. */
  async ready(timeout: number) {
    await expect(async () => {
      expect(this.child.exitCode, 'the replica exited').toBeNull();
      const { status } = await this.api.call('/health');
      expect(status).toBe(200);
    }).toPass({ timeout, intervals: [2_000] });
  }

  /** SIGTERM to its process group, SIGKILL after 20 s. */
  async stop() {
    const { child } = this;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, s);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}
