import { forbidden, invalid } from '../errors';
import {
  AdmissionContext,
  apiVersionOf,
  KubeObject,
  ResourceType,
  StatusCause,
} from '../types';

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` plus five random characters, as the apiserver makes them, not yet taken. */
export function generatedName(
  prefix: string,
  taken: (name: string) => boolean,
): string {
  let candidate: string;
  do {
    candidate =
      prefix +
      Array.from(
        { length: 5 },
        () => NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)],
      ).join('');
  } while (taken(candidate));
  return candidate;
}

function nameCauses(name: string | undefined): StatusCause[] {
  if (!name)
    return [
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
    ];
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name))
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(
          name,
        )}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        field: 'metadata.name',
      },
    ];
  return [];
}

/**
 * The name rule (on create), the type's admission (which may mutate the object) and its schema;
 * throws 422 Invalid with every cause.
 */
export function validateObject(
  rt: ResourceType,
  obj: KubeObject,
  old: KubeObject | undefined,
  lookup: AdmissionContext['lookup'],
) {
  const name = obj.metadata.name;
  const causes: StatusCause[] = old ? [] : nameCauses(name);
  causes.push(
    ...(rt.admit?.({
      operation: old ? 'UPDATE' : 'CREATE',
      object: obj,
      old,
      lookup,
    }) ?? []),
  );
  causes.push(...(rt.validate?.(obj) ?? []));
  if (causes.length) throw invalid(rt, name ?? '', causes);
}

/** A write through /status is checked against the status part of the schema only. */
export function validateStatusOnly(rt: ResourceType, obj: KubeObject) {
  const causes = (rt.validate?.(obj) ?? []).filter(c =>
    c.field.startsWith('status'),
  );
  if (causes.length) throw invalid(rt, obj.metadata.name, causes);
}

/** Compares everything except the fields the server maintains. */
export function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined },
  });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
const specOf = (o: KubeObject) => {
  const {
    metadata: _m,
    status: _s,
    apiVersion: _a,
    kind: _k,
    ...rest
  } = o as any;
  return JSON.stringify(rest);
};

export function bumpGenerationOnSpecChange(
  rt: ResourceType,
  next: KubeObject,
  old: KubeObject,
) {
  if (rt.hasGeneration && specOf(next) !== specOf(old))
    next.metadata.generation = (old.metadata.generation ?? 0) + 1;
}

/** While an object is being deleted it keeps its deletion marks and takes no new finalizers. */
function carryOverDeletion(
  rt: ResourceType,
  next: KubeObject,
  old: KubeObject,
) {
  const m = next.metadata;
  if (!old.metadata.deletionTimestamp) {
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    return;
  }
  m.deletionTimestamp = old.metadata.deletionTimestamp;
  m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  const added = (m.finalizers ?? []).filter(
    f => !(old.metadata.finalizers ?? []).includes(f),
  );
  if (added.length) {
    throw forbidden(
      rt,
      m.name,
      `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(
        added,
      )}`,
    );
  }
}

/**
 * A write of the main resource: the server keeps the stored status (when the type has a status
 * subresource), identity, creation time, generation and deletion marks.
 */
export function mainWrite(
  rt: ResourceType,
  incoming: KubeObject,
  old: KubeObject,
  name: string,
  namespace: string | undefined,
): KubeObject {
  const next = incoming;
  next.apiVersion = apiVersionOf(rt);
  next.kind = rt.kind;
  if (rt.hasStatusSubresource) {
    if (old.status === undefined) delete (next as any).status;
    else next.status = structuredClone(old.status);
  }
  const m = next.metadata;
  m.name = name;
  if (rt.namespaced) m.namespace = namespace;
  else delete m.namespace;
  m.uid = old.metadata.uid;
  m.creationTimestamp = old.metadata.creationTimestamp;
  m.generation = old.metadata.generation;
  carryOverDeletion(rt, next, old);
  if (m.finalizers && m.finalizers.length === 0) delete m.finalizers;
  return next;
}

/** A write through /status: only the status changes. */
export function statusWrite(incoming: KubeObject, old: KubeObject): KubeObject {
  const next = { ...structuredClone(old), status: incoming.status };
  if (incoming.status === undefined) delete (next as any).status;
  return next;
}
