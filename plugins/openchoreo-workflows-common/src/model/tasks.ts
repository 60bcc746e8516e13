import { RunTask, TaskPhase, WorkflowRunResource, WorkflowTask } from './types';

const TASK_PHASES: TaskPhase[] = [
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
  'Skipped',
  'Error',
];

/**
 * The number in the last `[N]` of a name (`wf[2].step` → 2), or undefined.
 *
 * @public
 */
export function taskIndex(name: string): number | undefined {
  const matches = name.match(/\[(\d+)\]/g);
  if (!matches) return undefined;
  return Number(matches[matches.length - 1].slice(1, -1));
}

function timeOf(value?: string): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Argo's `Omitted` → Skipped, any other unknown phase → Error, missing → Pending (as openchoreo-api does). */
function normalizePhase(phase: unknown): TaskPhase {
  if (phase === undefined || phase === null || phase === '') return 'Pending';
  if (TASK_PHASES.includes(phase as TaskPhase)) return phase as TaskPhase;
  if (phase === 'Omitted') return 'Skipped';
  return 'Error';
}

function toRunTask(task: WorkflowTask, nowMs: number): RunTask {
  const result: RunTask = {
    name: task.name,
    phase: normalizePhase(task.phase),
  };
  if (task.startedAt) result.startedAt = task.startedAt;
  if (task.completedAt) result.completedAt = task.completedAt;
  if (task.message) result.message = task.message;
  const start = timeOf(task.startedAt);
  const end = timeOf(task.completedAt);
  if (start !== undefined) {
    if (end !== undefined) result.durationMs = Math.max(0, end - start);
    else if (result.phase === 'Running')
      result.durationMs = Math.max(0, nowMs - start);
  }
  return result;
}

/**
 * The run's tasks in execution order, with durations.
 *
 * When every task name carries an `[N]` index, tasks sort by it. Otherwise (the usual case:
 * names are Argo display names, and DAG tasks come in map order) they sort by `startedAt`,
 * not-yet-started tasks last; ties keep the status order. Finished tasks are measured
 * start→completion, running ones start→`now`.
 *
 * @public
 */
export function orderedTasks(
  run: WorkflowRunResource,
  now: Date = new Date(),
): RunTask[] {
  const tasks = (run?.status?.tasks ?? []).filter(
    t => t && typeof t.name === 'string',
  );
  const nowMs = now.getTime();
  const entries = tasks.map((task, position) => ({
    task: toRunTask(task, nowMs),
    position,
    index: taskIndex(task.name),
    start: timeOf(task.startedAt),
  }));
  const allIndexed =
    entries.length > 0 && entries.every(e => e.index !== undefined);
  entries.sort((a, b) => {
    if (allIndexed && a.index !== b.index) return a.index! - b.index!;
    if (a.start !== b.start) {
      if (a.start === undefined) return 1;
      if (b.start === undefined) return -1;
      return a.start - b.start;
    }
    return a.position - b.position;
  });
  return entries.map(e => e.task);
}
