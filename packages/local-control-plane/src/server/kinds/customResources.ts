import Ajv, { ErrorObject } from 'ajv';
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { packageRoot } from '../../packageRoot';
import { KubeObject, ResourceType, StatusCause } from '../types';
import { admitWorkflow, admitWorkflowRun } from './admission';

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
