import { Config } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The kubeconfig to follow when no cluster is configured:
 * `catalog.providers.openchoreoWorkflows.localKubeconfig`, relative to the
 * backend's working directory (in the dev portal, the one the local control
 * plane module writes).
 */
export function localKubeconfigPath(config: Config): string | undefined {
  const file = config.getOptionalString(
    'catalog.providers.openchoreoWorkflows.localKubeconfig',
  );
  return file ? path.resolve(file) : undefined;
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
