import Ajv, { ErrorObject } from 'ajv';
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { admitWorkflow, admitWorkflowRun } from './admission';
import { KubeObject, ResourceType, StatusCause } from './types';

/** The package root (holds crds/ and manifests/), from src/ or an installed dist/ alike. */
export function packageRoot(): string {
  return path.dirname(
    require.resolve('@openchoreo-workflows/local-control-plane/package.json'),
  );
}

/** Drops the Kubernetes-only keywords ajv does not know. */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith('x-kubernetes-')) continue;
    out[k] = k === 'enum' || k === 'default' ? v : toJsonSchema(v);
  }
  return out;
}

const jsonPathToField = (instancePath: string) =>
  instancePath
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => {
      if (/^\d+$/.test(part)) return `${acc}[${part}]`;
      return acc ? `${acc}.${part}` : part;
    }, '');

/** Maps ajv errors to the causes the apiserver reports (field paths like `spec.workflow.name`). */
export function causesFromAjv(
  errors: ErrorObject[] | null | undefined,
  obj: unknown,
): StatusCause[] {
  const valueAt = (instancePath: string) =>
    instancePath
      .split('/')
      .slice(1)
      .reduce<any>(
        (n, k) => (n && typeof n === 'object' ? n[k] : undefined),
        obj,
      );
  return (errors ?? []).map(e => {
    const field = jsonPathToField(e.instancePath);
    const value = valueAt(e.instancePath);
    switch (e.keyword) {
      case 'required': {
        const missing = (e.params as any).missingProperty;
        return {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: field ? `${field}.${missing}` : missing,
        };
      }
      case 'enum': {
        const allowed = ((e.params as any).allowedValues as unknown[])
          .map(v => JSON.stringify(v))
          .join(', ');
        return {
          reason: 'FieldValueNotSupported',
          message: `Unsupported value: ${JSON.stringify(
            value,
          )}: supported values: ${allowed}`,
          field,
        };
      }
      case 'type':
        return {
          reason: 'FieldValueTypeInvalid',
          message: `Invalid value: "${
            Array.isArray(value) ? 'array' : typeof value
          }": ${field} in body must be of type ${
            (e.params as any).type
          }: ${JSON.stringify(value)}`,
          field,
        };
      default:
        return {
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(value)}: ${field} in body ${
            e.message
          }`,
          field,
        };
    }
  });
}

export interface CrdResource extends ResourceType {
  crd: KubeObject;
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

const admissionByKind: Record<string, ResourceType['admit']> = {
  'openchoreo.dev/Workflow': admitWorkflow,
  'openchoreo.dev/ClusterWorkflow': admitWorkflow,
  'openchoreo.dev/WorkflowRun': admitWorkflowRun,
};

/** Builds a resource type from a CustomResourceDefinition (first served version). */
export function resourceFromCrd(crd: KubeObject): CrdResource {
  const spec = (crd as any).spec;
  const version =
    (spec.versions as any[]).find(v => v.served !== false) ?? spec.versions[0];
  const schema = version.schema?.openAPIV3Schema;
  const validator = schema
    ? ajv.compile(toJsonSchema(schema) as object)
    : undefined;
  const hasStatus = !!version.subresources?.status;
  return {
    crd,
    group: spec.group,
    version: version.name,
    kind: spec.names.kind,
    listKind: spec.names.listKind ?? `${spec.names.kind}List`,
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    namespaced: spec.scope === 'Namespaced',
    shortNames: spec.names.shortNames,
    categories: spec.names.categories,
    hasStatusSubresource: hasStatus,
    hasGeneration: true,
    requireResourceVersionOnUpdate: true,
    subresources: hasStatus ? ['status'] : [],
    validate: validator
      ? (obj: KubeObject) =>
          validator(obj) ? [] : causesFromAjv(validator.errors, obj)
      : undefined,
    admit: admissionByKind[`${spec.group}/${spec.names.kind}`],
    printerColumns: version.additionalPrinterColumns,
  };
}

export function loadCrds(dir = path.join(packageRoot(), 'crds')): KubeObject[] {
  const crds: KubeObject[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter(f => /\.ya?ml$/.test(f))
    .sort()) {
    for (const doc of parseAllDocuments(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    )) {
      const obj = doc.toJSON();
      if (obj?.kind === 'CustomResourceDefinition') crds.push(obj);
    }
  }
  return crds;
}

const core = (
  r: Partial<ResourceType> &
    Pick<ResourceType, 'kind' | 'plural' | 'namespaced'>,
): ResourceType => ({
  group: '',
  version: 'v1',
  listKind: `${r.kind}List`,
  singular: r.kind.toLowerCase(),
  hasStatusSubresource: false,
  hasGeneration: false,
  requireResourceVersionOnUpdate: false,
  ...r,
});

export const NAMESPACES = core({
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
  shortNames: ['ns'],
  hasStatusSubresource: true,
  subresources: ['status'],
  prepareForCreate(obj) {
    (obj as any).spec = {
      finalizers: ['kubernetes'],
      ...((obj as any).spec ?? {}),
    };
    (obj as any).status = { phase: 'Active' };
    obj.metadata.labels = {
      ...(obj.metadata.labels ?? {}),
      'kubernetes.io/metadata.name': obj.metadata.name,
    };
  },
});

export const PODS = core({
  kind: 'Pod',
  plural: 'pods',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  hasStatusSubresource: true,
  subresources: ['status', 'log'],
  validate(obj) {
    const containers = (obj as any).spec?.containers;
    return Array.isArray(containers) && containers.length > 0
      ? []
      : [
          {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: 'spec.containers',
          },
        ];
  },
  prepareForCreate(obj) {
    (obj as any).status = { phase: 'Pending', qosClass: 'BestEffort' };
  },
});

export const EVENTS = core({
  kind: 'Event',
  plural: 'events',
  namespaced: true,
  shortNames: ['ev'],
});

export const CRDS_RESOURCE: ResourceType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  listKind: 'CustomResourceDefinitionList',
  plural: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  hasStatusSubresource: true,
  hasGeneration: true,
  requireResourceVersionOnUpdate: true,
  subresources: ['status'],
};

/** All served resource types, looked up by group + plural (or kind). */
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
