import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { ObjectStore } from './server/store';
import { KubeObject } from './server/types';

/**
 * Reads every YAML document from files and directories (recursively, sorted by path).
 *
 * @public
 */
export function readManifests(paths: string[]): KubeObject[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry));
    } else if (/\.(ya?ml|json)$/.test(p)) files.push(p);
  };
  paths.forEach(p => walk(path.resolve(p)));
  const objects: KubeObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if (doc.errors.length)
        throw new Error(`${file}: ${doc.errors[0].message}`);
      const obj = doc.toJSON();
      if (obj && typeof obj === 'object' && obj.kind) objects.push(obj);
    }
  }
  return objects;
}

/** Kinds that others reference go first (namespaces, templates, then workflows, then runs). */
const ORDER = [
  'Namespace',
  'ClusterWorkflowTemplate',
  'WorkflowTemplate',
  'ClusterWorkflow',
  'Workflow',
  'WorkflowRun',
];
const rank = (o: KubeObject) => {
  const i = ORDER.indexOf(o.kind);
  return i === -1 ? ORDER.length : i;
};

/**
 * Creates the objects (create-or-replace). Namespaces referenced by objects are created on demand;
 * a namespaced object without a namespace goes to `default`.
 *
 * @public
 */
export function applyManifests(
  store: ObjectStore,
  objects: KubeObject[],
): KubeObject[] {
  const namespaces = store.registry.get('', 'namespaces');
  const result: KubeObject[] = [];
  for (const obj of [...objects].sort((a, b) => rank(a) - rank(b))) {
    const rt = store.registry.byKind(obj.apiVersion ?? '', obj.kind);
    if (!rt)
      throw new Error(
        `unsupported kind ${obj.kind} (${obj.apiVersion}) in manifests`,
      );
    const copy = structuredClone(obj);
    if (rt.namespaced) {
      copy.metadata.namespace = copy.metadata.namespace ?? 'default';
      if (!store.tryGet(namespaces, undefined, copy.metadata.namespace)) {
        store.create(namespaces, {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: copy.metadata.namespace },
        });
      }
    }
    const existing = copy.metadata.name
      ? store.tryGet(rt, copy.metadata.namespace, copy.metadata.name)
      : undefined;
    result.push(
      existing
        ? store.update(rt, {
            ...copy,
            metadata: {
              ...copy.metadata,
              resourceVersion: existing.metadata.resourceVersion,
            },
          })
        : store.create(rt, copy),
    );
  }
  return result;
}
