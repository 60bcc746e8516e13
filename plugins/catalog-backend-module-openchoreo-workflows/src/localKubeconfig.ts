import { Config } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import {
  localControlPlaneKubeconfigPath,
  repoRoot,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-backend';

/**
 * The kubeconfig the backend plugin writes for its embedded local control
 * plane, when that is in use (no clusters configured, not production), or
 * the one `catalog.providers.openchoreoWorkflows.localKubeconfig` names.
 */
export function localKubeconfigPath(config: Config): string | undefined {
  const explicit = config.getOptionalString(
    'catalog.providers.openchoreoWorkflows.localKubeconfig',
  );
  if (explicit) return path.resolve(repoRoot(), explicit);
  return localControlPlaneKubeconfigPath(config);
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
