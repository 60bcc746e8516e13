/*
 * A benchmark's backend in a child process (`node scripts/bench/run.js
 * <bench> --serve …`), so that its RSS and CPU are its own and a frozen one
 * can be killed. The child announces its port with `announceReady`; the
 * parent's `startBackendChild` resolves with it, and `stopBackendChild`
 * ends it (SIGTERM, then SIGKILL). Bounded: a deadline on every wait.
 */
import { ChildProcess, spawn } from 'node:child_process';

const READY = /READY (\d+)/;

/** In the child: tells the parent the backend listens on `port`. */
export function announceReady(port: number) {
  process.stdout.write(`READY ${port}\n`);
}

/**
 * Starts `node [nodeArgs] run.js <bench> --serve [args]` and resolves once
 * it announced its port (rejects after `readyMs` or when it exits first).
 * `ipc` opens a message channel (the child's `process.send`).
 */
export function startBackendChild(
  bench: string,
  args: string[],
  options: { nodeArgs?: string[]; ipc?: boolean; readyMs?: number } = {},
): Promise<{ child: ChildProcess; port: number }> {
  const { nodeArgs = [], ipc = false, readyMs = 120_000 } = options;
  const child = spawn(
    process.execPath,
    [...nodeArgs, require.resolve('./run.js'), bench, '--serve', ...args],
    {
      stdio: ipc
        ? ['ignore', 'pipe', 'inherit', 'ipc']
        : ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${bench} backend: not ready in ${readyMs / 1000} s`));
    }, readyMs);
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
      const m = READY.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`${bench} backend: exited with ${code}`));
    });
  });
}

/** Whether `child` has exited, waiting up to `ms` for it. */
export function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(true);
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Ends the child: SIGTERM, and SIGKILL when it has not exited within
 * `graceMs` (a frozen event loop never handles SIGTERM). Resolves with
 * whether SIGTERM alone stopped it.
 */
export async function stopBackendChild(
  child: ChildProcess,
  graceMs = 10_000,
): Promise<boolean> {
  if (await exited(child, 0)) return true;
  child.kill('SIGTERM');
  const stoppedByTerm = await exited(child, graceMs);
  if (!stoppedByTerm) {
    child.kill('SIGKILL');
    await exited(child, graceMs);
  }
  return stoppedByTerm;
}
