import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { NOTIFIED, READY } from './replicaServer';

/** scripts/bench/run.js, which runs TypeScript benchmarks (and a replica, with `replicas --serve`). */
function benchRunner(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'scripts', 'bench', 'run.js');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(`scripts/bench/run.js not found above ${__dirname}`);
  }
}

interface Replica {
  child: ChildProcess;
  port?: number;
}

/**
 * N backend processes (`serveReplica`) on one database and one cluster, behind
 * a round-robin HTTP proxy on 127.0.0.1. A request a dead replica cannot take
 * goes to the next one (the body is buffered, so it is sent again whole), as
 * a load balancer's retry would. Counts the notifications every replica sent,
 * by scope, across restarts.
 */
export class ReplicaSet {
  readonly notified = new Map<string, number>();
  readonly #replicas: Replica[] = [];
  #next = 0;
  #proxy?: http.Server;
  readonly #agent = new http.Agent({ keepAlive: false });

  constructor(
    private readonly serveArgs: string[],
    private readonly log: (s: string) => void,
  ) {}

  /** Starts `count` replicas (in parallel) and the proxy; resolves with the proxy's base URL. */
  async start(count: number): Promise<string> {
    await Promise.all(Array.from({ length: count }, (_, i) => this.#spawn(i)));
    this.#proxy = http.createServer((req, res) => this.#forward(req, res));
    await new Promise<void>(r => this.#proxy!.listen(0, '127.0.0.1', r));
    const { port } = this.#proxy.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  /** How many replicas there are (up or not). */
  get size(): number {
    return this.#replicas.length;
  }

  /** Direct URLs of the replicas that are up. */
  urls(): string[] {
    return this.#replicas
      .filter(r => r.port && r.child.exitCode === null && !r.child.signalCode)
      .map(r => `http://127.0.0.1:${r.port}`);
  }

  /** SIGKILL: the replica stops mid-whatever, nothing of it runs after. */
  async kill(i: number): Promise<void> {
    const { child } = this.#replicas[i];
    this.#replicas[i].port = undefined;
    const gone = new Promise(r => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
    this.log(`replica ${i} killed (SIGKILL)`);
  }

  async restart(i: number): Promise<void> {
    await this.#spawn(i);
    this.log(`replica ${i} restarted`);
  }

  async stop(): Promise<void> {
    await new Promise(r => (this.#proxy ? this.#proxy.close(r) : r(null)));
    await Promise.all(
      this.#replicas.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode) return;
        const gone = new Promise(r => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await gone;
        clearTimeout(timer);
      }),
    );
    this.#agent.destroy();
  }

  #spawn(i: number): Promise<void> {
    const child = spawn(
      process.execPath,
      [benchRunner(), 'replicas', '--serve', ...this.serveArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const replica: Replica = { child };
    this.#replicas[i] = replica;
    let stderr = '';
    child.stderr!.on('data', chunk => {
      stderr = (stderr + chunk).slice(-4000);
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`replica ${i}: not ready in 180 s: ${stderr}`));
      }, 180_000);
      let buffered = '';
      child.stdout!.on('data', chunk => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith(`${NOTIFIED} `)) {
            const scope = JSON.parse(line.slice(NOTIFIED.length + 1));
            this.notified.set(scope, (this.notified.get(scope) ?? 0) + 1);
          } else if (line.startsWith(`${READY} `)) {
            replica.port = Number(line.slice(READY.length + 1));
            clearTimeout(timer);
            resolve();
          }
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (replica.port === undefined && signal !== 'SIGKILL')
          reject(new Error(`replica ${i} exited (${code}): ${stderr}`));
      });
    });
  }

  async #forward(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const ports = this.#replicas.map(r => r.port);
    for (let tried = 0; tried < ports.length; tried++) {
      const port = ports[this.#next++ % ports.length];
      if (port === undefined) continue;
      const sent = await new Promise<boolean>(resolve => {
        const upstream = http.request(
          {
            host: '127.0.0.1',
            port,
            method: req.method,
            path: req.url,
            headers: req.headers,
            agent: this.#agent,
          },
          answer => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('error', () => res.destroy());
            resolve(true);
          },
        );
        // Not connected: the replica is down; try the next one.
        upstream.on('error', () => resolve(res.headersSent));
        upstream.end(body);
      });
      if (sent) return;
    }
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end('no replica answered');
  }
}
