/**
 * The protobuf messages the local control plane decodes: field numbers and JSON names as in
 * Kubernetes' generated.proto (k8s.io/apimachinery meta/v1 and runtime, k8s.io/api core/v1).
 *
 * @public
 */
export type ScalarType = 'string' | 'int64' | 'int32' | 'bool' | 'bytes';

/** @public */
export interface FieldSpec {
  json: string;
  type: ScalarType | MessageSpec | 'map<string,string>';
  repeated?: boolean;
}

/** @public */
export interface MessageSpec {
  fields: Record<number, FieldSpec>;
  /** meta/v1 Time: seconds since the epoch, as RFC 3339 in JSON; empty is the zero time. */
  time?: true;
  /** meta/v1 FieldsV1: its bytes are JSON. */
  rawJson?: true;
}

const message = (
  fields: Record<number, FieldSpec>,
  extra: Partial<MessageSpec> = {},
): MessageSpec => ({ fields, ...extra });

export const TIME = message(
  { 1: { json: 'seconds', type: 'int64' } },
  {
    time: true,
  },
);

const FIELDS_V1 = message(
  { 1: { json: 'Raw', type: 'bytes' } },
  {
    rawJson: true,
  },
);

const OWNER_REFERENCE = message({
  1: { json: 'kind', type: 'string' },
  3: { json: 'name', type: 'string' },
  4: { json: 'uid', type: 'string' },
  5: { json: 'apiVersion', type: 'string' },
  6: { json: 'controller', type: 'bool' },
  7: { json: 'blockOwnerDeletion', type: 'bool' },
});

const MANAGED_FIELDS_ENTRY = message({
  1: { json: 'manager', type: 'string' },
  2: { json: 'operation', type: 'string' },
  3: { json: 'apiVersion', type: 'string' },
  4: { json: 'time', type: TIME },
  6: { json: 'fieldsType', type: 'string' },
  7: { json: 'fieldsV1', type: FIELDS_V1 },
  8: { json: 'subresource', type: 'string' },
});

export const OBJECT_META = message({
  1: { json: 'name', type: 'string' },
  2: { json: 'generateName', type: 'string' },
  3: { json: 'namespace', type: 'string' },
  4: { json: 'selfLink', type: 'string' },
  5: { json: 'uid', type: 'string' },
  6: { json: 'resourceVersion', type: 'string' },
  7: { json: 'generation', type: 'int64' },
  8: { json: 'creationTimestamp', type: TIME },
  9: { json: 'deletionTimestamp', type: TIME },
  10: { json: 'deletionGracePeriodSeconds', type: 'int64' },
  11: { json: 'labels', type: 'map<string,string>' },
  12: { json: 'annotations', type: 'map<string,string>' },
  13: { json: 'ownerReferences', type: OWNER_REFERENCE, repeated: true },
  14: { json: 'finalizers', type: 'string', repeated: true },
  17: { json: 'managedFields', type: MANAGED_FIELDS_ENTRY, repeated: true },
});

/** runtime.TypeMeta inside the envelope. */
export const TYPE_META = message({
  1: { json: 'apiVersion', type: 'string' },
  2: { json: 'kind', type: 'string' },
});

/** runtime.Unknown: the envelope after the `k8s\0` magic. */
export const UNKNOWN = message({
  1: { json: 'typeMeta', type: TYPE_META },
  2: { json: 'raw', type: 'bytes' },
  3: { json: 'contentEncoding', type: 'string' },
  4: { json: 'contentType', type: 'string' },
});

const NAMESPACE_CONDITION = message({
  1: { json: 'type', type: 'string' },
  2: { json: 'status', type: 'string' },
  4: { json: 'lastTransitionTime', type: TIME },
  5: { json: 'reason', type: 'string' },
  6: { json: 'message', type: 'string' },
});

/** core/v1 Namespace. */
export const NAMESPACE = message({
  1: { json: 'metadata', type: OBJECT_META },
  2: {
    json: 'spec',
    type: message({
      1: { json: 'finalizers', type: 'string', repeated: true },
    }),
  },
  3: {
    json: 'status',
    type: message({
      1: { json: 'phase', type: 'string' },
      2: { json: 'conditions', type: NAMESPACE_CONDITION, repeated: true },
    }),
  },
});
