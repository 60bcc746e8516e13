import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  descriptionOf,
  detectGeneration,
  displayNameOf,
  WorkflowKind,
  WorkflowResource,
  workflowTypeOf,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  ANNOTATION_WORKFLOW_CLUSTER,
  ANNOTATION_WORKFLOW_REF,
  WORKFLOW_ENTITY_TYPE,
  workflowAnnotationValue,
  workflowEntityLocation,
  workflowEntityRef,
  workflowOwnerOf,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';

/** @public */
export interface EntityOptions {
  /** The cluster's configured name. */
  cluster: string;
  /** The first configured cluster: its entities live in namespace `default` and links carry no `?cluster=`. */
  isDefaultCluster: boolean;
  defaultOwner: string;
  lifecycle: string;
  /** `app.baseUrl`, without a trailing slash. */
  appBaseUrl: string;
}

/**
 * A Workflow or ClusterWorkflow as a catalog `Resource` of type `openchoreo-workflow`.
 *
 * @public
 */
export function workflowToEntity(
  kind: WorkflowKind,
  workflow: WorkflowResource,
  o: EntityOptions,
): Entity {
  const { name, namespace } = workflow.metadata;
  const ref = workflowEntityRef({
    kind,
    namespace,
    name,
    cluster: o.isDefaultCluster ? undefined : o.cluster,
  });
  const w = { ...workflow, kind };
  // The backend's IS_ENTITY_OWNER trusts only entities with this location.
  const location = workflowEntityLocation(o.cluster, kind, namespace, name);
  const query = o.isDefaultCluster
    ? ''
    : `?cluster=${encodeURIComponent(o.cluster)}`;
  const description = descriptionOf(workflow);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      title: displayNameOf(workflow),
      ...(description ? { description } : {}),
      tags: [
        'openchoreo',
        `generation:${safeDetectGeneration(w)}`,
        `type:${workflowTypeOf(workflow)}`,
        `scope:${kind === 'ClusterWorkflow' ? 'cluster' : 'namespace'}`,
      ],
      links: [
        {
          url: `${
            o.appBaseUrl
          }/openchoreo-workflows/workflows/${encodeURIComponent(
            kind === 'ClusterWorkflow' ? '_cluster' : namespace ?? '',
          )}/${encodeURIComponent(name)}${query}`,
          title: 'Launch and runs',
          icon: 'dashboard',
          type: 'openchoreo-workflow',
        },
      ],
      annotations: {
        [ANNOTATION_WORKFLOW_REF]: workflowAnnotationValue(
          kind,
          namespace,
          name,
        ),
        ...(o.isDefaultCluster
          ? {}
          : { [ANNOTATION_WORKFLOW_CLUSTER]: o.cluster }),
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
      labels: {
        ...(kind === 'Workflow' && namespace
          ? { 'openchoreo.dev/namespace': namespace }
          : {}),
      },
    },
    spec: {
      type: WORKFLOW_ENTITY_TYPE,
      owner: workflowOwnerOf(workflow, o.defaultOwner),
      lifecycle: o.lifecycle,
    },
  };
}

function safeDetectGeneration(w: WorkflowResource): string {
  try {
    return detectGeneration(w);
  } catch {
    return 'unknown';
  }
}
