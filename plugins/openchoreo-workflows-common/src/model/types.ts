/**
 * Kubernetes-shaped types of the OpenChoreo workflow resources
 * (apiVersion `openchoreo.dev/v1alpha1`), covering both API generations:
 *
 * - `v0`: v0.11–v0.17, shorthand parameter schema in `spec.schema`,
 *   `spec.buildPlaneRef`, runs reference `spec.workflow.name` only.
 * - `v1`: v1.x, `spec.parameters.openAPIV3Schema`, `spec.workflowPlaneRef`,
 *   `ClusterWorkflow`, runs reference `spec.workflow.{kind,name}`.
 */
import type { components } from '../api/generated/openapi';

/**
 * `v0` = shorthand `spec.schema`, `v1` = `spec.parameters.openAPIV3Schema`.
 *
 * @public
 */
export type ApiGeneration = 'v0' | 'v1';

/** @public */
export type WorkflowKind = 'Workflow' | 'ClusterWorkflow';

/** @public */
export const OPENCHOREO_API_VERSION = 'openchoreo.dev/v1alpha1';

/** @public */
export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  generateName?: string;
}

/**
 * metav1.Condition
 *
 * @public
 */
export interface KubeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/**
 * A raw OpenAPI v3 / JSON Schema object as written in a resource (may hold `$defs`/`$ref`/`x-*`).
 *
 * @public
 */
export type OpenAPIV3SchemaObject = Record<string, unknown>;

/**
 * A node of the legacy shorthand schema: a string field expression
 * (`string | default=main`), or a nested map of nodes (with optional `$default`).
 *
 * @public
 */
export type ShorthandNode = string | ShorthandMap;
/** @public */
export interface ShorthandMap {
  /** Nested nodes, plus the special `$default` key (a map or a JSON string). */
  [key: string]: unknown;
}

/**
 * v1.x `spec.workflowPlaneRef` (CRD default `{kind: ClusterWorkflowPlane, name: default}`).
 *
 * @public
 */
export interface WorkflowPlaneRef {
  kind: 'WorkflowPlane' | 'ClusterWorkflowPlane';
  name: string;
}

/**
 * v0.17 `spec.buildPlaneRef`.
 *
 * @public
 */
export interface BuildPlaneRef {
  kind: 'BuildPlane' | 'ClusterBuildPlane';
  name: string;
}

/**
 * An item of `spec.resources`.
 *
 * @public
 */
export interface WorkflowResourceTemplate {
  id: string;
  /** A `${...}` CEL expression that must evaluate to a bool. */
  includeWhen?: string;
  template: Record<string, unknown>;
}

/**
 * An item of `spec.externalRefs` (v0.17+).
 *
 * @public
 */
export interface WorkflowExternalRef {
  id: string;
  apiVersion: string;
  kind: 'SecretReference' | string;
  /** May be a `${...}` expression; an empty result means the ref is skipped. */
  name: string;
}

/**
 * v1.x `spec.parameters` (SchemaSection).
 *
 * @public
 */
export interface WorkflowParametersSection {
  openAPIV3Schema?: OpenAPIV3SchemaObject;
}

/**
 * v0.x `spec.schema` (shorthand).
 *
 * @public
 */
export interface WorkflowShorthandSchema {
  types?: Record<string, ShorthandNode>;
  parameters?: Record<string, ShorthandNode>;
}

/**
 * Fields common to both generations.
 *
 * @public
 */
export interface WorkflowSpecBase {
  runTemplate: Record<string, unknown>;
  resources?: WorkflowResourceTemplate[];
  externalRefs?: WorkflowExternalRef[];
  /** Pattern `^(\d+d)?(\d+h)?(\d+m)?(\d+s)?$`, e.g. `1d`, `1h30m`. */
  ttlAfterCompletion?: string;
}

/**
 * v1.x Workflow / ClusterWorkflow spec.
 *
 * @public
 */
export interface WorkflowSpecV1 extends WorkflowSpecBase {
  workflowPlaneRef?: WorkflowPlaneRef;
  parameters?: WorkflowParametersSection;
}

/**
 * v0.11–v0.17 Workflow spec.
 *
 * @public
 */
export interface WorkflowSpecV0 extends WorkflowSpecBase {
  buildPlaneRef?: BuildPlaneRef;
  schema?: WorkflowShorthandSchema;
}

/**
 * Spec of either generation; use `detectGeneration` to know which fields apply.
 *
 * @public
 */
export interface WorkflowSpec extends WorkflowSpecBase {
  workflowPlaneRef?: WorkflowPlaneRef;
  parameters?: WorkflowParametersSection;
  buildPlaneRef?: BuildPlaneRef;
  schema?: WorkflowShorthandSchema;
}

/** @public */
export interface WorkflowStatus {
  conditions?: KubeCondition[];
  [key: string]: unknown;
}

/**
 * A Workflow (namespaced) or ClusterWorkflow (cluster-scoped) of either generation.
 *
 * @public
 */
export interface WorkflowResource {
  apiVersion: string;
  kind: WorkflowKind;
  metadata: KubeObjectMeta;
  spec: WorkflowSpec;
  status?: WorkflowStatus;
}

/** @public */
export interface NamespacedWorkflowResource extends WorkflowResource {
  kind: 'Workflow';
}

/** @public */
export interface ClusterWorkflowResource extends WorkflowResource {
  kind: 'ClusterWorkflow';
  spec: WorkflowSpec & {
    workflowPlaneRef?: { kind: 'ClusterWorkflowPlane'; name: string };
  };
}

/**
 * `spec.workflow` of a WorkflowRun; v0.x has no `kind` (always a namespaced Workflow).
 *
 * @public
 */
export interface WorkflowRunConfig {
  /** v1.x only. The CRD defaults an omitted kind to `ClusterWorkflow`. */
  kind?: WorkflowKind;
  name: string;
  parameters?: Record<string, unknown>;
}

/** @public */
export interface WorkflowRunSpec {
  workflow: WorkflowRunConfig;
  ttlAfterCompletion?: string;
}

/**
 * A step's phase in `status.tasks`: Pending, Running, Succeeded, Failed,
 * Skipped or Error (the `TaskPhase` schema of the backend's OpenAPI document,
 * which sends it as is).
 *
 * @public
 */
export type TaskPhase = components['schemas']['TaskPhase'];

/**
 * An item of `status.tasks` (v0.13+).
 *
 * @public
 */
export interface WorkflowTask {
  name: string;
  phase?: TaskPhase;
  startedAt?: string;
  completedAt?: string;
  message?: string;
}

/** @public */
export interface ResourceReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** @public */
export interface WorkflowRunStatus {
  conditions?: KubeCondition[];
  runReference?: ResourceReference;
  resources?: ResourceReference[];
  tasks?: WorkflowTask[];
  startedAt?: string;
  completedAt?: string;
}

/** @public */
export interface WorkflowRunResource {
  apiVersion: string;
  kind: 'WorkflowRun';
  metadata: KubeObjectMeta;
  spec: WorkflowRunSpec;
  status?: WorkflowRunStatus;
}

/**
 * Run-level state derived from conditions (there is no `status.phase`).
 *
 * @public
 */
export type RunPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** @public */
export interface RunStatus {
  phase: RunPhase;
  reason?: string;
  message?: string;
}

/**
 * A task with its computed duration, as the REST API sends it: the `RunTask`
 * schema of the backend's OpenAPI document (see `../api/types.ts`).
 *
 * @public
 */
export interface RunTask
  extends Omit<components['schemas']['RunTask'], never> {}

/**
 * Generic automation workflow vs component CI workflow.
 *
 * @public
 */
export type WorkflowType = 'generic' | 'component';

/**
 * v0.6–v0.16 ComponentWorkflow (removed in v0.17); only for reading old clusters.
 *
 * @public
 */
export interface ComponentWorkflowResource {
  apiVersion: string;
  kind: 'ComponentWorkflow';
  metadata: KubeObjectMeta;
  spec: WorkflowSpecBase & {
    schema: WorkflowShorthandSchema & {
      systemParameters: {
        repository: {
          url: string;
          secretRef?: string;
          revision: { branch: string; commit: string };
          appPath: string;
        };
      };
    };
  };
}

/**
 * v0.6–v0.16 ComponentWorkflowRun.
 *
 * @public
 */
export interface ComponentWorkflowRunResource {
  apiVersion: string;
  kind: 'ComponentWorkflowRun';
  metadata: KubeObjectMeta;
  spec: {
    owner: { projectName: string; componentName: string };
    workflow: {
      name: string;
      systemParameters: {
        repository: {
          url: string;
          secretRef?: string;
          revision: { branch: string; commit?: string };
          appPath: string;
        };
      };
      parameters?: Record<string, unknown>;
    };
    ttlAfterCompletion?: string;
  };
  status?: WorkflowRunStatus & { imageStatus?: { image?: string } };
}

/**
 * Annotation and label keys used by OpenChoreo.
 *
 * @public
 */
export const ANNOTATION_DISPLAY_NAME = 'openchoreo.dev/display-name';
/** @public */
export const ANNOTATION_DESCRIPTION = 'openchoreo.dev/description';
/**
 * v1.x label marking a component CI workflow (value `component`).
 *
 * @public
 */
export const LABEL_WORKFLOW_TYPE = 'openchoreo.dev/workflow-type';
/**
 * v0.17 annotation marking a component CI workflow (value `component`).
 *
 * @public
 */
export const ANNOTATION_WORKFLOW_SCOPE = 'openchoreo.dev/workflow-scope';
/** @public */
export const LABEL_PROJECT = 'openchoreo.dev/project';
/** @public */
export const LABEL_COMPONENT = 'openchoreo.dev/component';
/** @public */
export const WORKFLOWRUN_FINALIZER = 'openchoreo.dev/workflowrun-cleanup';
