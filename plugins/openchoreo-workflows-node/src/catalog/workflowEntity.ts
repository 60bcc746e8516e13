import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  OPENCHOREO_CLUSTER_ANNOTATION,
  OPENCHOREO_WORKFLOW_ANNOTATION,
  WorkflowKind,
  workflowAnnotationValue,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { createHash } from 'node:crypto';

/** `spec.type` of the catalog Resources that mirror workflows. @public */
export const WORKFLOW_ENTITY_TYPE = 'openchoreo-workflow';
/** Entity annotation naming the workflow: `Workflow/<ns>/<name>` or `ClusterWorkflow/<name>`. @public */
export const ANNOTATION_WORKFLOW_REF = OPENCHOREO_WORKFLOW_ANNOTATION;
/** Entity annotation naming the cluster (only for clusters other than the first). @public */
export const ANNOTATION_WORKFLOW_CLUSTER = OPENCHOREO_CLUSTER_ANNOTATION;
/** Workflow annotations that name the owner, in order of preference. @public */
export const OWNER_ANNOTATIONS = ['openchoreo.dev/owner', 'backstage.io/owner'];
/** Owner of workflows without an owner annotation, unless configured. @public */
export const DEFAULT_WORKFLOW_OWNER = 'group:default/platform-team';

/** `catalog.providers.openchoreoWorkflows.defaultOwner`, as a full entity ref. @public */
export function readDefaultWorkflowOwner(config: Config): string {
  const raw = config.getOptionalString(
    'catalog.providers.openchoreoWorkflows.defaultOwner',
  );
  return (
    normalizeOwnerRef(raw ?? DEFAULT_WORKFLOW_OWNER) ?? DEFAULT_WORKFLOW_OWNER
  );
}

/** `team-a` becomes `group:default/team-a`; undefined when not an entity ref. @public */
export function normalizeOwnerRef(
  raw: string | undefined,
  defaultNamespace = 'default',
): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind: 'group', defaultNamespace }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** @public */
export type WorkflowLike = {
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
};

/** The owner a workflow declares by annotation, else the default. @public */
export function workflowOwnerOf(
  workflow: WorkflowLike,
  defaultOwner: string,
): string {
  for (const key of OWNER_ANNOTATIONS) {
    const owner = normalizeOwnerRef(workflow.metadata.annotations?.[key]);
    if (owner) return owner;
  }
  return defaultOwner;
}

/** Value of the `openchoreo.dev/workflow` annotation (common's rule). @public */
export { workflowAnnotationValue };

/** The location key of a cluster's entities, so no other provider can claim them. @public */
export const workflowEntityLocationKey = (cluster: string) =>
  `openchoreo-workflows:${cluster}`;

/**
 * `backstage.io/managed-by-location` (and origin location) of the entity the catalog
 * module emits for a workflow. The catalog sets this annotation itself on every entity
 * read from a registered location (`url:...`, `file:...`), so an entity that carries
 * this value was emitted by the module and not by a user's catalog-info.yaml.
 * @public
 */
export function workflowEntityLocation(
  cluster: string,
  kind: WorkflowKind,
  namespace: string | undefined,
  name: string,
): string {
  return `${workflowEntityLocationKey(cluster)}/${workflowAnnotationValue(
    kind,
    namespace,
    name,
  )}`;
}

const MAX_NAME = 63;

/**
 * The catalog entity ref of a workflow, `resource:<ns>/<name>`:
 * a Workflow is `<namespace>_<name>` (`_` cannot occur in Kubernetes names, so
 * it cannot clash with a ClusterWorkflow, which is just `<name>`). The
 * entity namespace is `default` for the first cluster and the cluster's name
 * for the others. Names over 63 characters are shortened with a hash.
 * @public
 */
export function workflowEntityRef(options: {
  kind: WorkflowKind;
  namespace?: string;
  name: string;
  /** Set only for a cluster other than the first (default) one. */
  cluster?: string;
}): { kind: 'Resource'; namespace: string; name: string } {
  const full =
    options.kind === 'ClusterWorkflow'
      ? options.name
      : `${options.namespace}_${options.name}`;
  const name =
    full.length <= MAX_NAME
      ? full
      : `${full
          .slice(0, MAX_NAME - 9)
          .replace(/[^A-Za-z0-9]+$/, '')}-${createHash('sha256')
          .update(full)
          .digest('hex')
          .slice(0, 8)}`;
  const namespace = options.cluster
    ? options.cluster
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 63) || 'default'
    : 'default';
  return { kind: 'Resource', namespace, name };
}
