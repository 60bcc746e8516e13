import {
  buildParameterSchema,
  deriveRunStatus,
  descriptionOf,
  detectGeneration,
  displayNameOf,
  orderedTasks,
  runWorkflowKind,
  workflowTypeOf,
  ParameterSchema,
  RunDetail,
  RunSummary,
  WorkflowResource,
  WorkflowRunResource,
  WorkflowSummary,
  LastRunInfo,
  WorkflowWarning,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ANNOTATION_LAUNCHED_BY, ANNOTATION_SCHEDULE } from '../cluster/labels';

/*
 * Memos per cached object version, keyed by its `spec`: the watch cache
 * replaces an object on every change, and the copies the services hand out
 * (`{...workflow, kind}`) share the cached object's spec.
 */
const schemaMemo = new WeakMap<object, ParameterSchema>();
export const memoKey = (w: WorkflowResource): object =>
  typeof w.spec === 'object' && w.spec !== null ? w.spec : w;

/** The parameter schema of a cached workflow, computed once per object version. */
export function schemaOf(workflow: WorkflowResource): ParameterSchema {
  let schema = schemaMemo.get(memoKey(workflow));
  if (!schema) {
    schema = buildParameterSchema(workflow);
    schemaMemo.set(memoKey(workflow), schema);
  }
  return schema;
}

export function toWorkflowSummary(
  cluster: string,
  workflow: WorkflowResource,
  lastRun?: LastRunInfo,
  warnings: WorkflowWarning[] = [],
): WorkflowSummary {
  const kind = workflow.kind;
  return {
    cluster,
    kind,
    name: workflow.metadata.name,
    namespace:
      kind === 'ClusterWorkflow' ? undefined : workflow.metadata.namespace,
    generation: detectGeneration(workflow),
    title: displayNameOf(workflow),
    description: descriptionOf(workflow),
    type: workflowTypeOf(workflow),
    labels: workflow.metadata.labels ?? {},
    annotations: workflow.metadata.annotations ?? {},
    createdAt: workflow.metadata.creationTimestamp,
    lastRun,
    schemaErrorCount: schemaOf(workflow).errors.length,
    warnings,
  };
}

export function toRunSummary(
  cluster: string,
  run: WorkflowRunResource,
  now = new Date(),
): RunSummary {
  const status = deriveRunStatus(run);
  const tasks = orderedTasks(run, now);
  const kind = runWorkflowKind(run, 'v0');
  const startedAt = run.status?.startedAt ?? run.metadata.creationTimestamp;
  const completedAt = run.status?.completedAt;
  const end = completedAt ? Date.parse(completedAt) : now.getTime();
  return {
    cluster,
    name: run.metadata.name,
    namespace: run.metadata.namespace ?? '',
    uid: run.metadata.uid,
    workflow: {
      kind,
      name: run.spec.workflow.name,
      namespace: kind === 'Workflow' ? run.metadata.namespace : undefined,
    },
    generation: run.spec.workflow.kind ? 'v1' : 'v0',
    phase: status.phase,
    reason: status.reason,
    message: status.message,
    launchedBy: run.metadata.annotations?.[ANNOTATION_LAUNCHED_BY],
    schedule: run.metadata.annotations?.[ANNOTATION_SCHEDULE],
    createdAt: run.metadata.creationTimestamp,
    startedAt: run.status?.startedAt,
    completedAt,
    durationMs: startedAt
      ? Math.max(0, end - Date.parse(startedAt))
      : undefined,
    parameters: (run.spec.workflow.parameters as Record<string, unknown>) ?? {},
    taskCount: tasks.length,
    tasksSucceeded: tasks.filter(t => t.phase === 'Succeeded').length,
    archived: false,
    ttlAfterCompletion: run.spec.ttlAfterCompletion || undefined,
  };
}

export function toRunDetail(
  cluster: string,
  run: WorkflowRunResource,
  outputs: Record<string, string> = {},
  now = new Date(),
): RunDetail {
  return {
    ...toRunSummary(cluster, run, now),
    tasks: orderedTasks(run, now),
    conditions: (run.status?.conditions ?? []).map(c => ({ ...c })),
    runReference: run.status?.runReference,
    outputs,
    labels: run.metadata.labels ?? {},
    annotations: run.metadata.annotations ?? {},
  };
}

/** Output parameters of an Argo Workflow: workflow-level ones, then `<step>.<name>` of each pod node. */
export function argoOutputs(argo: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of argo?.status?.outputs?.parameters ?? []) {
    if (p?.name !== undefined && p.value !== undefined)
      out[p.name] = String(p.value);
  }
  for (const node of Object.values<any>(argo?.status?.nodes ?? {})) {
    if (node?.type !== 'Pod') continue;
    const step = node.displayName ?? node.name;
    for (const p of node.outputs?.parameters ?? []) {
      if (p?.name !== undefined && p.value !== undefined) {
        out[`${step}.${p.name}`] = String(p.value);
      }
    }
  }
  return out;
}
