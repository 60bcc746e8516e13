import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
  OPENCHOREO_WORKFLOW_RUN_RESOURCE_TYPE,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { z } from 'zod';

/** What permission rules see of a workflow. @public */
export interface WorkflowPermissionResource {
  cluster: string;
  kind: 'Workflow' | 'ClusterWorkflow';
  /** Empty for a ClusterWorkflow. */
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /**
   * Full entity ref (lower case) of the owner of the workflow's catalog
   * entity; set when a conditional decision needs it (see IS_ENTITY_OWNER).
   */
  owner?: string;
  /**
   * The namespace the run goes to, in launch decisions only (a Workflow's
   * own namespace; the one the launch names for a ClusterWorkflow); absent
   * in every other decision (see LAUNCHES_INTO_NAMESPACE).
   */
  runNamespace?: string;
}

/** What permission rules see of a run. @public */
export interface RunPermissionResource {
  cluster: string;
  namespace: string;
  name: string;
  workflowName: string;
  launchedBy?: string;
}

/**
 * A filter the router applies to cached objects.
 *
 * @public
 */
export type PermissionQuery = (resource: any) => boolean;

export const workflowResourceRef = createPermissionResourceRef<
  WorkflowPermissionResource,
  PermissionQuery
>().with({
  pluginId: 'openchoreo-workflows',
  resourceType: OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
});

export const runResourceRef = createPermissionResourceRef<
  RunPermissionResource,
  PermissionQuery
>().with({
  pluginId: 'openchoreo-workflows',
  resourceType: OPENCHOREO_WORKFLOW_RUN_RESOURCE_TYPE,
});

const namespacesParams = z.object({
  namespaces: z.array(z.string()).describe('Namespaces to allow'),
});

const workflowInNamespace = createPermissionRule({
  name: 'IS_IN_NAMESPACE',
  description: 'Allow workflows of the given namespaces',
  resourceRef: workflowResourceRef,
  paramsSchema: namespacesParams,
  apply: (w, { namespaces }) => namespaces.includes(w.namespace),
  toQuery:
    ({ namespaces }) =>
    (w: WorkflowPermissionResource) =>
      namespaces.includes(w.namespace),
});

const launchesIntoNamespace = createPermissionRule({
  name: 'LAUNCHES_INTO_NAMESPACE',
  description:
    'Allow launching runs into the given namespaces (for openchoreo.workflow.launch: the namespace the run is created in; never met by other permissions)',
  resourceRef: workflowResourceRef,
  paramsSchema: namespacesParams,
  apply: (w, { namespaces }) =>
    w.runNamespace !== undefined && namespaces.includes(w.runNamespace),
  toQuery:
    ({ namespaces }) =>
    (w: WorkflowPermissionResource) =>
      w.runNamespace !== undefined && namespaces.includes(w.runNamespace),
});

const isClusterWorkflow = createPermissionRule({
  name: 'IS_CLUSTER_WORKFLOW',
  description: 'Allow cluster-scoped ClusterWorkflows',
  resourceRef: workflowResourceRef,
  apply: w => w.kind === 'ClusterWorkflow',
  toQuery: () => (w: WorkflowPermissionResource) =>
    w.kind === 'ClusterWorkflow',
});

const workflowHasLabel = createPermissionRule({
  name: 'HAS_LABEL',
  description: 'Allow workflows carrying a label (optionally with a value)',
  resourceRef: workflowResourceRef,
  paramsSchema: z.object({
    label: z.string().describe('Label key'),
    value: z.string().optional().describe('Label value'),
  }),
  apply: (w, { label, value }) =>
    label in w.labels && (value === undefined || w.labels[label] === value),
  toQuery:
    ({ label, value }) =>
    (w: WorkflowPermissionResource) =>
      label in w.labels && (value === undefined || w.labels[label] === value),
});

const isOwnedBy = (w: WorkflowPermissionResource, claims: string[]) =>
  !!w.owner && claims.some(c => c.toLocaleLowerCase('en-US') === w.owner);

const workflowIsEntityOwner = createPermissionRule({
  name: 'IS_ENTITY_OWNER',
  description:
    "Allow workflows whose catalog entity is owned by one of the given entity refs (pass the user's ownershipEntityRefs: the user and their groups)",
  resourceRef: workflowResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs of the user and the groups they belong to'),
  }),
  apply: (w, { claims }) => isOwnedBy(w, claims),
  toQuery:
    ({ claims }) =>
    (w: WorkflowPermissionResource) =>
      isOwnedBy(w, claims),
});

const runInNamespace = createPermissionRule({
  name: 'IS_IN_NAMESPACE',
  description: 'Allow runs of the given namespaces',
  resourceRef: runResourceRef,
  paramsSchema: namespacesParams,
  apply: (r, { namespaces }) => namespaces.includes(r.namespace),
  toQuery:
    ({ namespaces }) =>
    (r: RunPermissionResource) =>
      namespaces.includes(r.namespace),
});

const runLaunchedBy = createPermissionRule({
  name: 'IS_LAUNCHED_BY',
  description: 'Allow runs launched from Backstage by one of the given users',
  resourceRef: runResourceRef,
  paramsSchema: z.object({
    users: z.array(z.string()).describe('User entity refs'),
  }),
  apply: (r, { users }) => !!r.launchedBy && users.includes(r.launchedBy),
  toQuery:
    ({ users }) =>
    (r: RunPermissionResource) =>
      !!r.launchedBy && users.includes(r.launchedBy),
});

/** Rules for workflow permissions. @public */
export const workflowRules = {
  isInNamespace: workflowInNamespace,
  launchesIntoNamespace,
  isClusterWorkflow,
  hasLabel: workflowHasLabel,
  isEntityOwner: workflowIsEntityOwner,
};

/** Rules for run permissions. @public */
export const runRules = {
  isInNamespace: runInNamespace,
  isLaunchedBy: runLaunchedBy,
};

/**
 * Spreads `createConditionExports` so policies read like the catalog's:
 * `workflowConditions.createConditionalDecision(permission, workflowConditions.isEntityOwner({ claims }))`.
 * `conditions` is kept for the standard shape.
 */
function conditionExports<C extends object, D>(exports: {
  conditions: C;
  createConditionalDecision: D;
}): C & { conditions: C; createConditionalDecision: D } {
  return { ...exports.conditions, ...exports };
}

/** Conditions for permission policies about workflows. @public */
export const workflowConditions = conditionExports(
  createConditionExports({
    resourceRef: workflowResourceRef,
    rules: workflowRules,
  }),
);

/** Conditions for permission policies about runs. @public */
export const runConditions = conditionExports(
  createConditionExports({
    resourceRef: runResourceRef,
    rules: runRules,
  }),
);
