import { ChildProcess, execFile, spawn } from 'child_process';
import { promisify } from 'util';

const run = promisify(execFile);

const NOT_ON_PATH =
  'kubectl is not on PATH: install kubectl (1.32) to run the kubectl compatibility tests';

/** The machine's kubectl against one kubeconfig (with its own discovery cache). */
export interface Kubectl {
  /** Runs a command to its end; throws with kubectl's stderr when it fails. */
  (...args: string[]): Promise<string>;
  /** Runs a command that should fail; resolves with its stderr. */
  failing(...args: string[]): Promise<string>;
  /**
   * Starts a command that keeps running (`get -w`, `logs -f`) and resolves with its output once
   * `until` holds for it (the command is then stopped), or once the command ends by itself.
   */
  streaming(
    args: string[],
    until: (stdout: string) => boolean,
    timeoutMs?: number,
  ): Promise<string>;
}

/** kubectl must be on PATH: these tests fail (never skip) without it. */
export function kubectlFor(kubeconfig: string, cacheDir: string): Kubectl {
  const fullArgs = (args: string[]) => [
    '--kubeconfig',
    kubeconfig,
    '--cache-dir',
    cacheDir,
    ...args,
  ];
  const kubectl = async (...args: string[]) => {
    try {
      return (await run('kubectl', fullArgs(args), { timeout: 30000 })).stdout;
    } catch (e: any) {
      if (e.code === 'ENOENT') throw new Error(NOT_ON_PATH);
      throw new Error(
        `kubectl ${args.join(' ')} failed: ${e.stderr || e.message}`,
      );
    }
  };
  kubectl.failing = async (...args: string[]) => {
    try {
      await run('kubectl', fullArgs(args), { timeout: 30000 });
    } catch (e: any) {
      if (e.code === 'ENOENT') throw new Error(NOT_ON_PATH);
      return String(e.stderr);
    }
    throw new Error(`kubectl ${args.join(' ')} succeeded`);
  };
  kubectl.streaming = (
    args: string[],
    until: (stdout: string) => boolean,
    timeoutMs = 30000,
  ) =>
    new Promise<string>((resolve, reject) => {
      const child: ChildProcess = spawn('kubectl', fullArgs(args), {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        reject(
          new Error(
            `kubectl ${args.join(
              ' ',
            )}: no match in ${timeoutMs} ms:\n${stdout}${stderr}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        if (!until(stdout)) return;
        clearTimeout(timer);
        child.kill('SIGTERM');
        resolve(stdout);
      };
      child.stdout!.on('data', d => {
        stdout += d;
        check();
      });
      child.stderr!.on('data', d => (stderr += d));
      child.on('error', (e: any) => {
        clearTimeout(timer);
        reject(e.code === 'ENOENT' ? new Error(NOT_ON_PATH) : e);
      });
      child.on('exit', code => {
        clearTimeout(timer);
        if (code === 0) resolve(stdout);
        else if (code !== null)
          reject(
            new Error(`kubectl ${args.join(' ')} exited ${code}: ${stderr}`),
          );
      });
    });
  return kubectl;
}
