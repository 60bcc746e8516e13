import type { WorkflowSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

/**
 * A workflow as a row of material-table: `id` and `uuid` name the workflow
 * (cluster, kind, namespace, name). material-table keys each row by its
 * `uuid`, and makes a random one for a row without; so without them every
 * new filter mounted the table's rows anew instead of updating them.
 */
export type WorkflowRow = WorkflowSummary & { id: string; uuid: string };

const keyOf = (w: WorkflowSummary) =>
  JSON.stringify([w.cluster, w.kind, w.namespace ?? '', w.name]);

/** One row object per summary object: a live update replaces one summary, and the others keep theirs. */
const rows = new WeakMap<WorkflowSummary, WorkflowRow>();

export function workflowRow(w: WorkflowSummary): WorkflowRow {
  let row = rows.get(w);
  if (!row) {
    const key = keyOf(w);
    row = { ...w, id: key, uuid: key };
    rows.set(w, row);
  }
  return row;
}
