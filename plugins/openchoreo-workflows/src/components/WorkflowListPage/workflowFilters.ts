import type { WorkflowSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { CLUSTER_PARAM } from '../shared/clusters';
import { ANY, useUrlFilters } from '../shared/filters';

/** The `scope` filter's value for ClusterWorkflows (any other value is a namespace). */
export const CLUSTER = 'cluster';
/** The `lastRun` filter's value for workflows that never ran. */
export const NEVER = 'never';

/**
 * The workflow list's filters, from the URL: `q`, `scope`, `type`,
 * `generation`, `lastRun`, and `cluster` (every cluster when absent).
 */
export function useWorkflowFilters() {
  const { get, set } = useUrlFilters();
  return {
    search: get('q'),
    scope: get('scope', ANY),
    type: get('type', ANY),
    generation: get('generation', ANY),
    lastRun: get('lastRun', ANY),
    cluster: get(CLUSTER_PARAM),
    set,
  };
}

export type WorkflowFilters = ReturnType<typeof useWorkflowFilters>;

/** The filters' values, without the setter. */
export type WorkflowFilterValues = Omit<WorkflowFilters, 'set'>;

/** The User Timing measure of one filtering (the computation). */
export const WORKFLOW_FILTER_MEASURE = 'ocw:workflow-filter';
/** From new filters to the filtered table painted by the browser (filtering, rendering, layout and paint). */
export const WORKFLOW_LIST_RENDER_MEASURE = 'ocw:workflow-list-render';

const textOf = (w: WorkflowSummary) =>
  [w.title, w.name, w.description ?? '', w.namespace ?? '']
    .join(' ')
    .toLowerCase();

/**
 * Each workflow's search text, computed once per summary object: a live
 * update replaces one summary, and the others keep theirs.
 */
const searchTexts = new WeakMap<WorkflowSummary, string>();
function searchTextOf(w: WorkflowSummary) {
  let text = searchTexts.get(w);
  if (text === undefined) {
    text = textOf(w);
    searchTexts.set(w, text);
  }
  return text;
}

function inScope(w: WorkflowSummary, scope: string) {
  if (scope === ANY) return true;
  if (scope === CLUSTER) return w.kind === 'ClusterWorkflow';
  return w.kind === 'Workflow' && w.namespace === scope;
}

function lastRunMatches(w: WorkflowSummary, lastRun: string) {
  if (lastRun === ANY) return true;
  if (lastRun === NEVER) return !w.lastRun;
  return w.lastRun?.phase === lastRun;
}

/** The workflows that pass every filter, in their order. O(n), no allocation per workflow once its text is known. */
export function filterWorkflows<W extends WorkflowSummary>(
  workflows: readonly W[],
  filters: WorkflowFilterValues,
): W[] {
  const text = filters.search.trim().toLowerCase();
  return workflows.filter(
    w =>
      (!text || searchTextOf(w).includes(text)) &&
      inScope(w, filters.scope) &&
      (filters.type === ANY || w.type === filters.type) &&
      (filters.generation === ANY || w.generation === filters.generation) &&
      (!filters.cluster || w.cluster === filters.cluster) &&
      lastRunMatches(w, filters.lastRun),
  );
}
