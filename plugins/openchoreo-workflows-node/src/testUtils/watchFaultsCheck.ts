import { CachedObject, CacheEventType, WatchCache } from '../cache/WatchCache';

/** The listener's last event of each object: its type and resourceVersion. */
export type LastEvents = Map<string, { type: CacheEventType; rv?: string }>;

export const faultKeyOf = (o: CachedObject) =>
  `${o.metadata.namespace}/${o.metadata.name}`;

const comparable = (o: CachedObject) => {
  const { managedFields: _m, ...metadata } = o.metadata as Record<
    string,
    unknown
  >;
  return JSON.stringify({ ...o, metadata });
};

/** Where the cache differs from the server's objects (content, resourceVersion, presence). */
export function cacheDifferences(
  server: Map<string, CachedObject>,
  cache: WatchCache<CachedObject>,
): string[] {
  const found: string[] = [];
  for (const [key, o] of server) {
    const cached = cache.get(o.metadata.namespace, o.metadata.name);
    if (!cached) found.push(`${key}: missing from the cache`);
    else if (comparable(cached) !== comparable(o))
      found.push(
        `${key}: cache at ${cached.metadata.resourceVersion}, server at ${o.metadata.resourceVersion}`,
      );
  }
  for (const o of cache.list())
    if (!server.has(faultKeyOf(o)))
      found.push(`${faultKeyOf(o)}: deleted on the server`);
  return found;
}

/** Objects whose final state on the server is not the listener's last event of them. */
export function undeliveredStates(
  server: Map<string, CachedObject>,
  last: LastEvents,
): string[] {
  const found: string[] = [];
  for (const [key, o] of server) {
    const seen = last.get(key);
    if (seen?.type === 'DELETED' || seen?.rv !== o.metadata.resourceVersion)
      found.push(
        `${key}: listener last saw ${seen?.type ?? 'nothing'} ${
          seen?.rv ?? ''
        }`,
      );
  }
  for (const [key, seen] of last)
    if (!server.has(key) && seen.type !== 'DELETED')
      found.push(`${key}: deleted, listener last saw ${seen.type}`);
  return found;
}
