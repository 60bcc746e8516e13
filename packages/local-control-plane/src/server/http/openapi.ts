import { createHash } from 'crypto';
import { ResourceRegistry } from '../kinds/registry';

/**
 * A minimal OpenAPI v3 discovery: enough for kubectl to see that every resource supports
 * server-side field validation (`fieldValidation` on PATCH), so `kubectl create/apply` do not need
 * client-side schemas. Schemas themselves are not published.
 */
const gvPath = (group: string, version: string) =>
  group ? `apis/${group}/${version}` : `api/${version}`;

export function openApiV3Root(registry: ResourceRegistry) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const gvs = new Set(registry.all.map(r => `${r.group}|${r.version}`));
  for (const gv of gvs) {
    const [group, version] = gv.split('|');
    const p = gvPath(group, version);
    const hash = createHash('sha256')
      .update(JSON.stringify(openApiV3GroupVersion(registry, group, version)))
      .digest('hex')
      .slice(0, 32)
      .toUpperCase();
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}

export function openApiV3GroupVersion(
  registry: ResourceRegistry,
  group: string,
  version: string,
) {
  const resources = registry.all.filter(
    r => r.group === group && r.version === version,
  );
  if (!resources.length) return undefined;
  const paths: Record<string, unknown> = {};
  const fieldValidation = {
    name: 'fieldValidation',
    in: 'query',
    schema: { type: 'string', uniqueItems: true },
  };
  for (const r of resources) {
    const gvk = { group, version, kind: r.kind };
    const op = (action: string) => ({
      parameters: [fieldValidation],
      responses: { '200': { description: 'OK' } },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    const base = `/${gvPath(group, version)}${
      r.namespaced ? '/namespaces/{namespace}' : ''
    }/${r.plural}`;
    paths[base] = { post: op('post') };
    paths[`${base}/{name}`] = { put: op('put'), patch: op('patch') };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: {} },
  };
}
