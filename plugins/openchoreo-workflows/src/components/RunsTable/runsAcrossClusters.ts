import type { RunSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type { OpenChoreoWorkflowsApi } from '../../api';
import type { RunsQuery } from './useRunsPage';

/**
 * The point a cluster's list resumes after: the creation time ('' for none)
 * of the last run shown from it, or of the page's last run when the cluster
 * showed none on that page (its runs fetched were all older), and the runs
 * of that time shown from it (`runKey`), across pages.
 */
export interface LastShown {
  createdAt: string;
  shown: string[];
}

/**
 * Where one cluster's list resumes: from the server's cursor (absent: from
 * its newest run), taking only the runs after `last` (older than it, or of
 * its time and not shown yet); null once it has no more. Runs added or
 * removed before that point change nothing: nothing is counted.
 */
export type ClusterPosition = { cursor?: string; last?: LastShown } | null;

/** The cursor of a page of runs across clusters: each cluster's own position. */
export type AcrossCursor = Record<string, ClusterPosition>;

/** A cluster whose runs could not be listed, and why. */
export interface ClusterRunsFailure {
  cluster: string;
  error: Error;
}

export interface AcrossPage {
  items: RunSummary[];
  /** Absent when every cluster has been listed to its end. */
  nextCursor?: AcrossCursor;
  failures: ClusterRunsFailure[];
}

/** A run fetched from a cluster, with the server page it came from. */
interface Entry {
  run: RunSummary;
  /** The cursor the page was asked with. */
  page?: string;
  /** Whether it is the page's last run; then `next` is the page's nextCursor. */
  lastOfPage: boolean;
  next?: string;
}

/** A cluster's next runs in the server's order, after its position. */
interface Buffer {
  entries: Entry[];
  /** The position after the last entry (where the cluster resumes once all are shown). */
  end: ClusterPosition;
}

/** A run within its cluster. */
const runKey = (r: RunSummary) => `${r.namespace}/${r.name}/${r.uid ?? ''}`;

/** Creation time in milliseconds; a run without one is the oldest (the server lists it last). */
function timeOf(createdAt: string | undefined): number {
  const ms = createdAt ? Date.parse(createdAt) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Whether `run` comes after `last` in its cluster's list and was not shown. */
function isAfter(run: RunSummary, last: LastShown | undefined): boolean {
  if (!last) return true;
  const t = timeOf(run.createdAt);
  const lastTime = timeOf(last.createdAt);
  if (t !== lastTime) return t < lastTime;
  return !last.shown.includes(runKey(run));
}

/**
 * At least `limit` of a cluster's runs after `at` (unless it has fewer), in
 * the server's order: one page, and the next one when the runs already shown
 * (or added since, newer than those) leave too few of the first.
 */
async function bufferOf(
  api: OpenChoreoWorkflowsApi,
  cluster: string,
  at: { cursor?: string; last?: LastShown },
  query: RunsQuery,
  limit: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const entries: Entry[] = [];
  let cursor = at.cursor;
  let end: ClusterPosition = at;
  for (let pages = 0; pages < 2 && end && entries.length < limit; pages++) {
    const page = await api.listRuns({
      ...query,
      cluster,
      cursor,
      limit,
      signal,
    });
    const { items, nextCursor: next } = page;
    for (let i = 0; i < items.length; i++) {
      if (isAfter(items[i], at.last)) {
        const lastOfPage = i === items.length - 1;
        entries.push({ run: items[i], page: cursor, lastOfPage, next });
      }
    }
    end = next ? { cursor: next, last: at.last } : null;
    cursor = next;
  }
  return { entries, end };
}

/** The point after `createdAt`, with the runs of that time among `shown` added to those shown before. */
function lastAt(
  at: { last?: LastShown },
  createdAt: string,
  shown: RunSummary[],
): LastShown {
  const time = timeOf(createdAt);
  const before =
    at.last && timeOf(at.last.createdAt) === time ? at.last.shown : [];
  const now = shown.filter(r => timeOf(r.createdAt) === time).map(runKey);
  return { createdAt, shown: [...before, ...now] };
}

/** Where a cluster resumes once the first `n` (> 0) of its entries are shown. */
function positionAfter(
  at: { last?: LastShown },
  entries: Entry[],
  n: number,
): ClusterPosition {
  const { run, page, lastOfPage, next } = entries[n - 1];
  if (lastOfPage && !next) return null;
  const shown = entries.slice(0, n).map(e => e.run);
  return {
    cursor: lastOfPage ? next : page,
    last: lastAt(at, run.createdAt ?? '', shown),
  };
}

/** Newest first, as the server orders one cluster's runs. */
const createdOf = (run: RunSummary) => run.createdAt ?? '';

/**
 * One page of the runs of every cluster in `clusters`, newest first: each
 * cluster's runs are fetched through its own cursor and merged, keeping each
 * cluster's own order. A cluster that fails is named in `failures` while the
 * others show, and keeps its position: the next page (or this one, loaded
 * again) asks it again from there, so none of its runs is skipped (once it
 * answers, those newer than the runs shown meanwhile come late, on that
 * page). When every cluster fails on the first page, the first one's error
 * is thrown. Once `signal` aborts, the abort is thrown: a request cut
 * short by it is no cluster's failure.
 */
export async function listRunsAcross(
  api: OpenChoreoWorkflowsApi,
  clusters: readonly string[],
  query: RunsQuery,
  limit: number,
  cursor?: AcrossCursor,
  signal?: AbortSignal,
): Promise<AcrossPage> {
  const positions: AcrossCursor = Object.fromEntries(
    clusters.map(c => [c, cursor ? cursor[c] ?? null : {}]),
  );
  const asked = clusters.filter(c => positions[c]);
  const answers = await Promise.allSettled(
    asked.map(c => bufferOf(api, c, positions[c]!, query, limit, signal)),
  );
  // Its requests failed because the page is no longer wanted, not the clusters.
  if (signal?.aborted) {
    throw signal.reason ?? new DOMException('Aborted', 'AbortError');
  }
  const failures: ClusterRunsFailure[] = [];
  const buffers = new Map<string, Buffer>();
  answers.forEach((answer, i) => {
    if (answer.status === 'fulfilled') buffers.set(asked[i], answer.value);
    else failures.push({ cluster: asked[i], error: answer.reason });
  });
  if (!cursor && asked.length > 0 && failures.length === asked.length) {
    throw failures[0].error;
  }

  const items: RunSummary[] = [];
  const taken = new Map<string, number>();
  while (items.length < limit) {
    let newest: string | undefined;
    let drainedWithMore = false;
    for (const [c, buffer] of buffers) {
      const head = buffer.entries[taken.get(c) ?? 0];
      if (!head) {
        // Its runs beyond the buffer may be newer than the others' heads.
        drainedWithMore ||= buffer.end !== null;
        continue;
      }
      const best = newest
        ? buffers.get(newest)!.entries[taken.get(newest) ?? 0].run
        : undefined;
      if (!best || createdOf(head.run) > createdOf(best)) newest = c;
    }
    if (!newest || drainedWithMore) break;
    const n = taken.get(newest) ?? 0;
    items.push(buffers.get(newest)!.entries[n].run);
    taken.set(newest, n + 1);
  }

  const lastItem = items[items.length - 1];
  for (const c of asked) {
    const buffer = buffers.get(c);
    const n = taken.get(c) ?? 0;
    const at = positions[c]!;
    // A failed cluster (no buffer) stays where it was, to be asked again.
    if (!buffer) continue;
    if (n > 0) positions[c] = positionAfter(at, buffer.entries, n);
    else if (buffer.entries.length === 0) positions[c] = buffer.end;
    else if (lastItem && isAfter(lastItem, at.last)) {
      // None of its runs was newer than the page's last (older than where it
      // was): one added since would come after the page, out of order.
      positions[c] = { ...at, last: lastAt(at, lastItem.createdAt ?? '', []) };
    }
  }
  const more = Object.values(positions).some(p => p !== null);
  return { items, nextCursor: more ? positions : undefined, failures };
}
