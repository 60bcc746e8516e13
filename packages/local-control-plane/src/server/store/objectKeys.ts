import { KubeObject, ResourceType } from '../types';

/** An object's key in its type's bucket: `namespace/name` (`/name` when cluster-scoped). */
export const keyOf = (ns: string | undefined, name: string) =>
  `${ns ?? ''}/${name}`;

/** Byte order, as etcd keys sort (paging relies on `key > continueKey`). */
export const compareKeys = (a: string, b: string) =>
  a < b ? -1 : Number(a > b);

/** The objects of one namespace (or all of them), in key order. */
export function inKeyOrder(
  rt: ResourceType,
  objects: Map<string, KubeObject>,
  namespace?: string,
): Array<[string, KubeObject]> {
  return [...objects.entries()]
    .filter(
      ([, o]) =>
        !rt.namespaced || !namespace || o.metadata.namespace === namespace,
    )
    .sort(([a], [b]) => compareKeys(a, b));
}
