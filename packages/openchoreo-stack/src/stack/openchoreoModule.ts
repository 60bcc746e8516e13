import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

/** The OpenChoreo version whose controller, CRDs and samples the stack runs (tools/go.mod). */
export const OPENCHOREO_VERSION = 'v1.2.3';

/**
 * OpenChoreo's module in the Go module cache (read at run time, never copied
 * into the repository). tools/build.sh downloads it when it builds the manager.
 */
export async function openChoreoModuleDir(): Promise<string> {
  let modCache: string;
  try {
    const { stdout } = await promisify(execFile)('go', ['env', 'GOMODCACHE']);
    modCache = stdout.trim();
  } catch (error) {
    throw new Error(
      `openchoreo-stack: 'go env GOMODCACHE' failed (Go is needed): ${
        (error as Error).message
      }`,
    );
  }
  const dir = path.join(
    modCache,
    'github.com',
    'openchoreo',
    `openchoreo@${OPENCHOREO_VERSION}`,
  );
  if (!fs.existsSync(path.join(dir, 'go.mod'))) {
    throw new Error(
      `openchoreo-stack: ${dir} is missing; build the manager first (tools/build.sh openchoreo-manager downloads it)`,
    );
  }
  return dir;
}

/** Every YAML document of a file, as plain objects. */
export function loadYamlDocuments(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJS())
    .filter(Boolean);
}

/** OpenChoreo's CRDs: config/crd/bases of its module (37 in v1.2.3). */
export function openChoreoCrds(moduleDir: string): object[] {
  const dir = path.join(moduleDir, 'config', 'crd', 'bases');
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .flatMap(f => loadYamlDocuments(path.join(dir, f)));
}
