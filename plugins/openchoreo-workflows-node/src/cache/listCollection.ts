import { KubeConfig } from '@kubernetes/client-node';
import fetch from 'node-fetch';

/** The API path of a collection, in a namespace or across all (or cluster-scoped). */
export function collectionPath(
  group: string,
  version: string,
  plural: string,
  namespace?: string,
): string {
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return namespace
    ? `${base}/namespaces/${namespace}/${plural}`
    : `${base}/${plural}`;
}

/**
 * Lists a whole collection, page by page (500 a page), and the
 * resourceVersion to watch it from; `resource` names it in errors.
 */
export async function listCollection<T>(
  kubeConfig: KubeConfig,
  path: string,
  resource: string,
): Promise<{ items: T[]; resourceVersion: string }> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const items: T[] = [];
  let cont: string | undefined;
  let resourceVersion = '';
  do {
    const url = new URL(cluster.server.replace(/\/$/, '') + path);
    url.searchParams.set('limit', '500');
    if (cont) url.searchParams.set('continue', cont);
    const init = await kubeConfig.applyToFetchOptions({});
    const res = await fetch(url.toString(), init);
    if (!res.ok) {
      throw new Error(
        `list ${resource} failed: ${res.status} ${await res.text()}`,
      );
    }
    const body = (await res.json()) as {
      items: T[];
      metadata: { resourceVersion: string; continue?: string };
    };
    items.push(...body.items);
    cont = body.metadata.continue || undefined;
    resourceVersion = body.metadata.resourceVersion;
  } while (cont);
  return { items, resourceVersion };
}
