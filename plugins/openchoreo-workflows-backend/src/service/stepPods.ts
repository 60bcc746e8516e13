import {
  isTerminalPhase,
  RunDetail,
  StepLogReason,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';

const ARGO_WORKFLOW_LABEL = 'workflows.argoproj.io/workflow';
const ARGO_NODE_NAME = 'workflows.argoproj.io/node-name';
/** Most pods of one run listed. */
const MAX_PODS = 500;

/** A pod of a run's step in the workflow plane. */
export interface StepPod {
  task: string;
  pod: string;
  namespace: string;
  uid?: string;
  done: boolean;
}

/** The pods of a run, or why they could not be listed (a scrubbed message). */
export interface PodListing {
  pods: StepPod[];
  error?: string;
}

/** `wf[0].build` -> `build`, the task name OpenChoreo records. */
export function taskNameOfNode(nodeName: string): string {
  const i = nodeName.lastIndexOf('.');
  return i >= 0 ? nodeName.slice(i + 1) : nodeName;
}

/**
 * The pods of a run's Argo Workflow, as OpenChoreo finds them
 * (services/workflowrun/service.go listAndFilterWorkflowPods): the label
 * `workflows.argoproj.io/workflow`, each pod's task from its node-name
 * annotation. A run that was deleted, or never got an Argo Workflow, has none.
 */
export async function listStepPods(
  cluster: ClusterState,
  run: RunDetail,
): Promise<PodListing> {
  const ref = run.runReference;
  if (!ref?.namespace || run.archived) return { pods: [] };
  let items: any[];
  try {
    ({ items } = await cluster.workflowPlane.request<{ items: any[] }>(
      'GET',
      `/api/v1/namespaces/${ref.namespace}/pods`,
      `list pods in ${ref.namespace}`,
      undefined,
      { labelSelector: `${ARGO_WORKFLOW_LABEL}=${ref.name}`, limit: MAX_PODS },
    ));
  } catch (e) {
    return { pods: [], error: (e as Error).message };
  }
  return {
    pods: items.map(p => ({
      task: taskNameOfNode(
        p.metadata?.annotations?.[ARGO_NODE_NAME] ?? p.metadata.name,
      ),
      pod: p.metadata.name,
      namespace: p.metadata.namespace ?? ref.namespace!,
      uid: p.metadata.uid,
      done: ['Succeeded', 'Failed'].includes(p.status?.phase),
    })),
  };
}

/**
 * Why a step has no pod to read, or undefined while its pod is still to come
 * (the step has not started in a run that goes on).
 */
export function whyNoPod(
  run: RunDetail,
  task: string,
  listing: PodListing,
): StepLogReason | undefined {
  const step = run.tasks.find(t => t.name === task);
  // Argo gives a skipped step times but no pod.
  if (step?.phase === 'Skipped') return 'notStarted';
  if (run.archived) return 'runDeleted';
  const started = !!step?.startedAt || (!!step && step.phase !== 'Pending');
  if (!started || !run.runReference) {
    return isTerminalPhase(run.phase) ? 'notStarted' : undefined;
  }
  return listing.error ? 'workflowPlaneUnreachable' : 'podGone';
}
