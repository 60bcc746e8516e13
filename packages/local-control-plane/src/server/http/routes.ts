import { ResourceRegistry } from '../kinds/registry';
import { ResourceType } from '../types';

/** A resource URL: `/api/v1/...` or `/apis/<group>/<version>/...`, optionally under `watch/`. */
export interface Route {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  watch: boolean;
}

/** `true` and `1` are true, as the apiserver parses boolean query parameters. */
export const truthy = (v: string | null) => v === 'true' || v === '1';

/** The resource a path names, or undefined (404) when none is served there. */
export function resolveRoute(
  registry: ResourceRegistry,
  segments: string[],
): Route | undefined {
  if (
    !(segments[0] === 'api' || segments[0] === 'apis') ||
    segments.length <= 2
  )
    return undefined;
  let group = '';
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    version = segments[1];
    rest = segments.slice(2);
  } else {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  }
  let watch = false;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // /api/v1/namespaces/<name>/status and /finalize are the Namespace's own subresources.
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(
      group === '' &&
      rest.length === 3 &&
      ['status', 'finalize'].includes(rest[2])
    )
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const rt = registry.byPlural(group, version, rest[0]);
  if (!rt || rest.length > 3) return undefined;
  if (namespace && !rt.namespaced) return undefined;
  return { rt, namespace, name: rest[1], subresource: rest[2], watch };
}
