import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';

/** How {@link startChildProcess} runs a long-lived helper process. */
export interface ChildProcessOptions {
  /** Names the process in errors. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** stderr, and stdout once ready, are appended here; its tail is in start errors. */
  logPath: string;
  /** Ready once a stdout line matches (the match is returned). */
  readyLine?: RegExp;
  /** Or ready once this resolves true (polled every 200 ms). */
  readyProbe?: () => Promise<boolean>;
  startTimeoutMs: number;
  /** SIGTERM to SIGKILL on stop (default 10 s). */
  stopGraceMs?: number;
}

/** A started helper process. */
export interface RunningChild {
  pid: number;
  /** The matching ready line, with readyLine. */
  readyMatch?: RegExpMatchArray;
  /** Closes its stdin, SIGTERMs its process group, SIGKILLs it after the grace time. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a helper in its own process group with a stdin pipe (helpers that exit
 * at stdin EOF, or run under tools/watchdog, stop when this Node process dies,
 * however it dies; a normal exit SIGKILLs the group too) and waits until it is
 * ready. On timeout or early exit it is killed and the error names it, says why
 * and carries the tail of its log: a readiness wait never falls through.
 */
export async function startChildProcess(
  options: ChildProcessOptions,
): Promise<RunningChild> {
  const logFd = fs.openSync(options.logPath, 'a');
  const child = spawn(options.command, options.args, {
    stdio: ['pipe', 'pipe', logFd],
    detached: true,
    env: options.env ?? process.env,
  });
  fs.closeSync(logFd);
  const exited = new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  child.stdin?.on('error', () => {}); // a helper that exited: reported through 'exit'
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
        options.stopGraceMs ?? 10_000,
      );
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };

  try {
    const readyMatch = await waitUntilReady(child, options);
    // Keep draining stdout (into the log) so the helper never blocks on a full pipe.
    child.stdout?.pipe(fs.createWriteStream(options.logPath, { flags: 'a' }));
    return { pid: child.pid!, readyMatch, stop };
  } catch (error) {
    process.removeListener('exit', onProcessExit);
    child.stdin?.end();
    killGroup(child, 'SIGKILL');
    await exited;
    throw new Error(
      `${options.name}: ${(error as Error).message}\n--- ${
        options.logPath
      } (tail) ---\n${await readTail(options.logPath)}`,
    );
  }
}

function waitUntilReady(
  child: ChildProcess,
  options: ChildProcessOptions,
): Promise<RegExpMatchArray | undefined> {
  return new Promise((resolve, reject) => {
    let out = '';
    let done = false;
    let timer: NodeJS.Timeout | undefined = undefined;
    let probeTimer: NodeJS.Timeout | undefined = undefined;
    function finish(error?: Error, match?: RegExpMatchArray) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(probeTimer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match);
    }
    function onData(chunk: Buffer) {
      out = (out + chunk.toString()).slice(-64_000);
      const match = options.readyLine && out.match(options.readyLine);
      if (match) finish(undefined, match);
    }
    function onExit(code: number | null, signal: string | null) {
      finish(
        new Error(
          `exited before it was ready (code ${code}, signal ${signal})`,
        ),
      );
    }
    async function poll(probe: () => Promise<boolean>) {
      const ok = await probe().catch(() => false);
      if (ok) finish();
      else if (!done) probeTimer = setTimeout(() => poll(probe), 200);
    }
    timer = setTimeout(() => {
      const expected = options.readyLine
        ? ` (no stdout line matching ${options.readyLine})`
        : '';
      finish(
        new Error(`not ready after ${options.startTimeoutMs} ms${expected}`),
      );
    }, options.startTimeoutMs);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    const probe = options.readyProbe;
    if (probe) probeTimer = setTimeout(() => poll(probe), 200);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal); // detached => its own process group
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
