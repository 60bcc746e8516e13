import {
  badRequest,
  conflict,
  forbidden,
  invalid,
  namespaceNotFound,
} from '../errors';
import { KubeObject, ResourceType } from '../types';

/** An object sent to a URL must name the same object as the URL. */
export function checkSameObjectAsUrl(
  rt: ResourceType,
  incoming: KubeObject,
  name: string,
  namespace: string | undefined,
) {
  if (incoming.metadata.name && incoming.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  if (
    rt.namespaced &&
    incoming.metadata.namespace &&
    incoming.metadata.namespace !== namespace
  ) {
    throw badRequest(
      `the namespace of the provided object does not match the namespace sent on the request`,
    );
  }
}

/**
 * Optimistic concurrency: an update carrying a resourceVersion applies only to that version
 * (409 Conflict otherwise); custom resources refuse a main update without one.
 */
export function checkResourceVersion(
  rt: ResourceType,
  incoming: KubeObject,
  old: KubeObject,
  opts: { subresource?: 'status'; skipCheck: boolean },
) {
  const name = old.metadata.name;
  const rv = incoming.metadata.resourceVersion;
  if (!rv && rt.requireResourceVersionOnUpdate && !opts.subresource) {
    throw invalid(rt, name, [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: 0x0: must be specified for an update',
        field: 'metadata.resourceVersion',
      },
    ]);
  }
  if (rv && rv !== old.metadata.resourceVersion && !opts.skipCheck)
    throw conflict(rt, name);
}

/** DeleteOptions.preconditions: the uid and resourceVersion the caller expects. */
export function checkDeletePreconditions(
  rt: ResourceType,
  current: KubeObject,
  pre: { uid?: string; resourceVersion?: string } = {},
) {
  if (
    (pre.uid && pre.uid !== current.metadata.uid) ||
    (pre.resourceVersion &&
      pre.resourceVersion !== current.metadata.resourceVersion)
  ) {
    throw conflict(rt, current.metadata.name);
  }
}

/**
 * A namespaced object is created in a namespace that exists and is not being
 * terminated (`ns`: that namespace's object, if there is one).
 */
export function checkNamespaceForCreate(
  rt: ResourceType,
  name: string,
  namespace: string | undefined,
  ns: KubeObject | undefined,
) {
  if (!rt.namespaced) return;
  if (!namespace)
    throw badRequest('an empty namespace may not be set during creation');
  if (!ns) throw namespaceNotFound(namespace);
  if (ns.metadata.deletionTimestamp) {
    throw forbidden(
      rt,
      name,
      `unable to create new content in namespace ${namespace} because it is being terminated`,
    );
  }
}
