import * as cond from './conditions';
import { isoNow } from '../time';

type Json = Record<string, any>;

/** Argo node index: the number in the last `[N]` of the node name; -1 without one. */
const nodeIndex = (name: string) => {
  const all = [...name.matchAll(/\[(\d+)\]/g)];
  return all.length ? Number(all[all.length - 1][1]) : -1;
};

/** status.tasks from Argo nodes, as extractArgoTasksFromWorkflowNodes builds them (Pod nodes only). */
export function tasksFromNodes(
  nodes: Record<string, Json> | undefined,
): Json[] {
  const pods = Object.values(nodes ?? {}).filter(n => n.type === 'Pod');
  pods.sort(
    (a, b) =>
      nodeIndex(a.name) - nodeIndex(b.name) ||
      String(a.startedAt ?? '').localeCompare(String(b.startedAt ?? '')) ||
      String(a.name).localeCompare(String(b.name)),
  );
  const phases = [
    'Pending',
    'Running',
    'Succeeded',
    'Failed',
    'Skipped',
    'Error',
  ];
  return pods.map(n => {
    let phase = phases.includes(n.phase) ? n.phase : 'Error';
    if (n.phase === 'Omitted') phase = 'Skipped';
    return {
      name: n.displayName || String(n.name).split('.').pop(),
      phase,
      ...(n.startedAt ? { startedAt: n.startedAt } : {}),
      ...(n.finishedAt ? { completedAt: n.finishedAt } : {}),
      ...(n.message ? { message: n.message } : {}),
    };
  });
}

/**
 * A run's status mirroring its Argo Workflow's: the tasks, and the
 * conditions (and completion time) the Argo phase means.
 */
export function statusFromArgo(
  status: Json,
  argoStatus: Json,
  generation: number,
): Json {
  const next: Json = { ...status, tasks: tasksFromNodes(argoStatus.nodes) };
  switch (argoStatus.phase) {
    case 'Running':
      next.conditions = cond.running(status.conditions, generation);
      break;
    case 'Succeeded':
      next.conditions = cond.succeeded(status.conditions, generation);
      next.completedAt = status.completedAt ?? isoNow();
      break;
    case 'Failed':
    case 'Error':
      next.conditions = cond.failed(status.conditions, generation);
      next.completedAt = status.completedAt ?? isoNow();
      break;
    default:
      break;
  }
  if (!next.tasks.length) delete next.tasks;
  return next;
}
