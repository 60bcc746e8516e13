import { KubeObject, ResourceType } from '../types';
import { CRDS_RESOURCE, EVENTS, NAMESPACES, PODS } from './coreKinds';
import { CrdResource, loadCrds, resourceFromCrd } from './customResources';

/**
 * All served resource types, looked up by group + plural (or kind).
 *
 * @public
 */
export class ResourceRegistry {
  readonly all: ResourceType[] = [];

  constructor(crds: KubeObject[] = loadCrds()) {
    this.all.push(NAMESPACES, PODS, EVENTS, CRDS_RESOURCE);
    for (const crd of crds) this.all.push(resourceFromCrd(crd));
  }

  crdObjects(): KubeObject[] {
    return this.all.filter((r): r is CrdResource => 'crd' in r).map(r => r.crd);
  }

  byPlural(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.all.find(
      r => r.group === group && r.version === version && r.plural === plural,
    );
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    return this.all.find(
      r => r.group === group && r.version === version && r.kind === kind,
    );
  }

  get(group: string, plural: string): ResourceType {
    const r = this.all.find(x => x.group === group && x.plural === plural);
    if (!r) throw new Error(`unknown resource ${plural}.${group}`);
    return r;
  }

  groups(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const r of this.all) {
      if (!r.group) continue;
      const versions = map.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      map.set(r.group, versions);
    }
    return map;
  }
}
