import type { RunTask } from '../../api';

const time = (iso?: string) => (iso ? Date.parse(iso) : NaN);

/** Whether any two steps ran at the same time (a DAG or parallel steps). */
export function hasParallelSteps(tasks: RunTask[], now = Date.now()): boolean {
  const spans = tasks
    .filter(t => t.startedAt)
    .map(
      t =>
        [time(t.startedAt), t.completedAt ? time(t.completedAt) : now] as const,
    )
    .sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    for (let j = 0; j < i; j++) {
      if (spans[i][0] < spans[j][1]) return true;
    }
  }
  return false;
}

/**
 * Groups steps into waves of steps that overlap in time, in start order; steps
 * not started yet form the last wave. The status does not carry the template's
 * edges, so the graph links every step of a wave to every step of the next.
 */
export function stepWaves(tasks: RunTask[], now = Date.now()): RunTask[][] {
  const started = tasks
    .filter(t => t.startedAt)
    .sort((a, b) => time(a.startedAt) - time(b.startedAt));
  const waves: RunTask[][] = [];
  let waveEnd = -Infinity;
  for (const task of started) {
    const start = time(task.startedAt);
    const end = task.completedAt ? time(task.completedAt) : now;
    if (waves.length && start < waveEnd) {
      waves[waves.length - 1].push(task);
      waveEnd = Math.max(waveEnd, end);
    } else {
      waves.push([task]);
      waveEnd = end;
    }
  }
  const notStarted = tasks.filter(t => !t.startedAt);
  if (notStarted.length) waves.push(notStarted);
  return waves;
}

/** Nodes and edges for Backstage's DependencyGraph. */
export function stepGraph(tasks: RunTask[], now = Date.now()) {
  const waves = stepWaves(tasks, now);
  const nodes = waves.flat().map(task => ({ id: task.name, task }));
  const edges: Array<{ from: string; to: string }> = [];
  for (let i = 1; i < waves.length; i++) {
    for (const from of waves[i - 1]) {
      for (const to of waves[i]) edges.push({ from: from.name, to: to.name });
    }
  }
  return { nodes, edges };
}
