import type { MessageSpec } from './protobuf/messages';

/**
 * A Kubernetes object as stored: plain JSON.
 *
 * @public
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** @public */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: unknown[];
  [key: string]: unknown;
}

/** @public */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One change recorded by the store (what a watch sends).
 *
 * @public
 */
export interface StoreEvent {
  type: WatchEventType;
  resourceVersion: number;
  resource: ResourceType;
  object: KubeObject;
  /** The object before a MODIFIED change, used to turn selector transitions into ADDED/DELETED. */
  previous?: KubeObject;
}

/** @public */
export type Operation = 'CREATE' | 'UPDATE';

/**
 * Admission hook: mutate (default) and validate an object before it is stored.
 *
 * @public
 */
export interface AdmissionContext {
  operation: Operation;
  object: KubeObject;
  old?: KubeObject;
  /** Reads other objects (e.g. the Workflow a run references). */
  lookup(
    resource: string,
    group: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
}

/** @public */
export interface ResourceType {
  group: string; // '' for core
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  hasStatusSubresource: boolean;
  /** Bump metadata.generation on spec changes (custom resources do). */
  hasGeneration: boolean;
  /** Custom resources refuse an update without metadata.resourceVersion. */
  requireResourceVersionOnUpdate: boolean;
  subresources?: string[];
  /** Schema validation; returns causes (field + reason + message). */
  validate?(obj: KubeObject): StatusCause[];
  /** Structural defaults from the schema. */
  applySchemaDefaults?(obj: KubeObject): void;
  admit?(ctx: AdmissionContext): StatusCause[];
  /** Called before the object is written: core kinds fill in server-side fields. */
  prepareForCreate?(obj: KubeObject): void;
  printerColumns?: Array<{ name: string; jsonPath: string; type: string }>;
  /** How to decode a body in Kubernetes' protobuf encoding (core kinds clients send so). */
  protobuf?: MessageSpec;
}

/** @public */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export const apiVersionOf = (rt: ResourceType) =>
  rt.group ? `${rt.group}/${rt.version}` : rt.version;

export const resourceKey = (rt: ResourceType) =>
  rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
