import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findUp } from './findUp';

/** The Go tools of this repository (see tools/build.sh). */
export type GoTool =
  | 'kube-apiserver'
  | 'openchoreo-manager'
  | 'stub-gateway'
  | 'openchoreo-oracle'
  | 'watchdog';

const BUILD_TIMEOUT_MS = 30 * 60_000;

/**
 * Absolute path of a Go tool's binary: `OCW_<TOOL>_BIN` when set (e.g.
 * OCW_KUBE_APISERVER_BIN), else tools/build.sh's cached build (built first when
 * its sources changed: minutes when cold). Throws a clear error when Go is
 * missing; it never skips.
 */
export async function goToolBinary(tool: GoTool): Promise<string> {
  const envName = `OCW_${tool.toUpperCase().replace(/-/g, '_')}_BIN`;
  const fromEnv = process.env[envName];
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) {
      throw new Error(`${envName}=${fromEnv} does not exist`);
    }
    return fromEnv;
  }
  // These packages run from source (tests, scripts), so __dirname is in the repository.
  // eslint-disable-next-line no-restricted-syntax
  const here = __dirname;
  const root = findUp(here, d =>
    fs.existsSync(path.join(d, 'tools', 'build.sh')),
  );
  if (!root) {
    throw new Error(`${tool}: tools/build.sh not found above ${here}`);
  }
  const script = path.join(root, 'tools', 'build.sh');
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [script, tool],
      { timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const binary = stdout.trim().split('\n').pop() ?? '';
        if (error || !binary || !fs.existsSync(binary)) {
          reject(
            new Error(
              `${tool}: could not build it with ${script} ${tool}; ` +
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
