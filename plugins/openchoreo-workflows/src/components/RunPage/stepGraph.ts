import type { RunTask } from '../../api';

const time = (iso?: string) => (iso ? Date.parse(iso) : NaN);
/** When a step stopped; a step still running overlaps every later one. */
const endOf = (t: RunTask) => (t.completedAt ? time(t.completedAt) : Infinity);

const byStart = (tasks: RunTask[]) =>
  tasks
    .filter(t => t.startedAt)
    .sort((a, b) => time(a.startedAt) - time(b.startedAt));

/** Whether any two steps ran at the same time (a DAG or parallel steps). O(n log n). */
export function hasParallelSteps(tasks: RunTask[]): boolean {
  let latestEnd = -Infinity;
  for (const task of byStart(tasks)) {
    if (time(task.startedAt) < latestEnd) return true;
    latestEnd = Math.max(latestEnd, endOf(task));
  }
  return false;
}

/**
 * Groups steps into waves of steps that overlap in time, in start order; steps
 * not started yet form the last wave. The status does not carry the template's
 * edges, so the graph links each wave to the next.
 */
export function stepWaves(tasks: RunTask[]): RunTask[][] {
  const waves: RunTask[][] = [];
  let waveEnd = -Infinity;
  for (const task of byStart(tasks)) {
    if (waves.length && time(task.startedAt) < waveEnd) {
      waves[waves.length - 1].push(task);
      waveEnd = Math.max(waveEnd, endOf(task));
    } else {
      waves.push([task]);
      waveEnd = endOf(task);
    }
  }
  const notStarted = tasks.filter(t => !t.startedAt);
  if (notStarted.length) waves.push(notStarted);
  return waves;
}

/** A node of the steps graph: a step, or the join between two waves of several steps. */
export type StepNode = { id: string; join?: boolean };

/** The id of the join after wave `i` (step names are DNS labels: no `#`). */
const joinId = (i: number) => `#join-${i}`;

/**
 * Nodes and edges for Backstage's DependencyGraph, from the waves' shape
 * only (names), so a live update that changes no wave keeps the layout.
 * Two consecutive waves of several steps meet at a join node: edges grow
 * with the steps (at most two per step), not with the product of the waves.
 * A name given twice is one node (the last task of that name).
 */
export function stepGraph(tasks: RunTask[]) {
  const named = new Map(tasks.map(t => [t.name, t]));
  const unique = tasks.filter(t => named.get(t.name) === t);
  const waves = stepWaves(unique).map(w => w.map(t => t.name));
  const nodes: StepNode[] = waves.flat().map(id => ({ id }));
  const edges: Array<{ from: string; to: string }> = [];
  for (let i = 1; i < waves.length; i++) {
    const [before, after] = [waves[i - 1], waves[i]];
    if (before.length > 1 && after.length > 1) {
      nodes.push({ id: joinId(i), join: true });
      for (const from of before) edges.push({ from, to: joinId(i) });
      for (const to of after) edges.push({ from: joinId(i), to });
    } else {
      for (const from of before) {
        for (const to of after) edges.push({ from, to });
      }
    }
  }
  return { nodes, edges, key: waves.map(w => w.join('\n')).join('\n\n') };
}
