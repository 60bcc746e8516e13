import { ApiGeneration } from '../model';
import { RenderWarning } from './template';

/**
 * What the controller knows about a run besides its parameters.
 *
 * @public
 */
export interface RenderContext {
  /** The WorkflowRun's name (`${metadata.workflowRunName}`). */
  runName: string;
  /** The WorkflowRun's namespace (`${metadata.namespaceName}`). */
  namespace: string;
  /** Overrides `${metadata.namespace}`; defaults to `workflows-<ns>` (v1) / `openchoreo-ci-<ns>` (v0). */
  workflowPlaneNamespace?: string;
  /** The WorkflowRun's labels (`${metadata.labels[...]}`). */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** The WorkflowRun's uid: when the run resource lands in the run's own namespace it gets an ownerReference. */
  uid?: string;
  /** Resolved externalRefs by id: the referenced object (only its `spec` is exposed, as OpenChoreo does). */
  externalRefs?: Record<string, unknown>;
  /** The workflow plane (v1.x): `${workflowplane.secretStore}`; empty when the plane has no secretStoreRef. */
  workflowPlane?: { secretStore?: string };
}

/** @public */
export interface RenderedResource {
  id: string;
  object: Record<string, unknown>;
}

/** @public */
export interface RenderResult {
  /** The run resource (normally an Argo Workflow), as the controller would apply it. */
  run: Record<string, unknown>;
  /** `spec.resources[]` that are included, in order, as applied. */
  resources: RenderedResource[];
  generation: ApiGeneration;
  /** The enforced workflow-plane namespace (`${metadata.namespace}`). */
  workflowPlaneNamespace: string;
  /** Where OpenChoreo renders something other than the template plainly says (see RenderWarning). */
  warnings: RenderWarning[];
}

/**
 * An externalRef whose name was evaluated: what must be fetched before rendering.
 *
 * @public
 */
export interface ExternalRefTarget {
  id: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** Looked up in the WorkflowRun's namespace. */
  namespace: string;
}
