import { Config } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';

/** The repository root when running from a checkout (dev portal), else the working directory. */
function repoRoot(): string {
  let dir = process.cwd();
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces
    )
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * The kubeconfig the backend plugin writes for its embedded local control
 * plane, when that is in use (no clusters configured, not production).
 */
export function localKubeconfigPath(config: Config): string | undefined {
  const lcp = config.getOptionalConfig('openchoreoWorkflows.localControlPlane');
  const enabled =
    lcp?.getOptionalBoolean('enabled') ?? process.env.NODE_ENV !== 'production';
  const explicit = config.getOptionalString(
    'catalog.providers.openchoreoWorkflows.localKubeconfig',
  );
  if (!enabled && !explicit) return undefined;
  return path.resolve(
    repoRoot(),
    explicit ?? lcp?.getOptionalString('kubeconfigOut') ?? '.local/kubeconfig',
  );
}

/**
 * Calls `onContent` with the file's content once it exists, and again each
 * time it is rewritten (the local control plane picks a new port on every
 * start). Polls, because the directory may not exist yet. Returns a stop function.
 */
export function watchFile(
  file: string,
  onContent: (content: string) => void,
  intervalMs = 1000,
): () => void {
  let last = '';
  const check = () => {
    fs.readFile(file, 'utf8', (err, content) => {
      if (err || !content.trim() || content === last) return;
      last = content;
      onContent(content);
    });
  };
  check();
  const timer = setInterval(check, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
