import { WorkflowRunResource } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { CacheEventType } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { RunPosition, sortableTime } from './runPosition';

export type { RunPosition } from './runPosition';

interface Entry extends RunPosition {
  run: WorkflowRunResource;
  lists: string[];
}

/** The index lists: every run, per namespace and per workflow name. */
export const ALL_RUNS = '*';
export const byNamespace = (namespace: string) => `ns:${namespace}`;
export const byWorkflowName = (name: string) => `wf:${name}`;

function listsOf(run: WorkflowRunResource): string[] {
  return [
    ALL_RUNS,
    byNamespace(run.metadata.namespace ?? ''),
    byWorkflowName(run.spec?.workflow?.name ?? ''),
  ];
}

/** Negative when `a` comes first (is newer) in the list order (`k` is unique among live runs). */
function compare(a: RunPosition, b: RunPosition): number {
  if (a.c !== b.c) return a.c > b.c ? -1 : 1;
  if (a.k !== b.k) return a.k > b.k ? -1 : 1;
  return 0;
}

/** One list, sorted newest first. Additions are buffered and merged on the next read. */
class SortedList {
  readonly #sorted: Entry[] = [];
  #pending: Entry[] = [];

  get size() {
    return this.#sorted.length + this.#pending.length;
  }

  add(entry: Entry) {
    this.#pending.push(entry);
  }

  remove(entry: Entry) {
    this.#flush();
    const i = this.#lowerBound(entry);
    if (this.#sorted[i] === entry) this.#sorted.splice(i, 1);
  }

  /** Entries from the first one strictly after `after` (all when absent), in order. */
  *from(after?: RunPosition): Generator<Entry> {
    this.#flush();
    const list = this.#sorted;
    let i = 0;
    if (after) {
      i = this.#lowerBound(after);
      while (i < list.length && compare(list[i], after) <= 0) i++;
    }
    for (; i < list.length; i++) yield list[i];
  }

  /** First index whose entry does not come before `p`. */
  #lowerBound(p: RunPosition): number {
    const list = this.#sorted;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(list[mid], p) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * A few additions (a watch event) are inserted by binary search; many (a
   * list at sync) are appended and the whole list sorted once, so syncing n
   * runs costs O(n log n), not O(n²).
   */
  #flush() {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    const list = this.#sorted;
    if (pending.length <= 32) {
      for (const e of pending) list.splice(this.#lowerBound(e), 0, e);
    } else {
      for (const e of pending) list.push(e);
      list.sort(compare);
    }
  }
}

/**
 * WorkflowRuns kept in list order (newest first) for every run, per namespace
 * and per workflow name, maintained incrementally from the run cache's
 * changes. A page of `GET /runs` walks one list from the cursor and stops
 * after enough matches, instead of sorting every cached run per request.
 * Iterating is not safe across changes: read a page synchronously.
 */
export class SortedRunIndex {
  readonly #entries = new Map<string, Entry>();
  readonly #lists = new Map<string, SortedList>();

  static positionOf(run: WorkflowRunResource): RunPosition {
    return {
      c: sortableTime(run.metadata.creationTimestamp),
      k: `${run.metadata.namespace ?? ''}/${run.metadata.name}`,
    };
  }

  get size() {
    return this.#entries.size;
  }

  /** Applies a watch-cache change. */
  apply(type: CacheEventType, run: WorkflowRunResource) {
    if (type === 'DELETED') this.remove(run);
    else this.upsert(run);
  }

  upsert(run: WorkflowRunResource) {
    const { c, k } = SortedRunIndex.positionOf(run);
    const lists = listsOf(run);
    const current = this.#entries.get(k);
    if (
      current &&
      current.c === c &&
      current.lists.every((l, i) => l === lists[i])
    ) {
      current.run = run; // same place in every list: a status change
      return;
    }
    if (current) this.#removeEntry(current);
    const entry: Entry = { c, k, run, lists };
    this.#entries.set(k, entry);
    for (const name of lists) {
      let list = this.#lists.get(name);
      if (!list) {
        list = new SortedList();
        this.#lists.set(name, list);
      }
      list.add(entry);
    }
  }

  remove(run: WorkflowRunResource) {
    const current = this.#entries.get(SortedRunIndex.positionOf(run).k);
    if (current) this.#removeEntry(current);
  }

  /** Runs of one list (`ALL_RUNS`, `byNamespace(..)`, `byWorkflowName(..)`), newest first, after `after`. */
  *walk(list: string, after?: RunPosition): Generator<WorkflowRunResource> {
    const sorted = this.#lists.get(list);
    if (!sorted) return;
    for (const entry of sorted.from(after)) yield entry.run;
  }

  #removeEntry(entry: Entry) {
    this.#entries.delete(entry.k);
    for (const name of entry.lists) {
      const list = this.#lists.get(name);
      if (!list) continue;
      list.remove(entry);
      if (list.size === 0) this.#lists.delete(name);
    }
  }
}
