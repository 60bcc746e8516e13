import type { RunSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type { OpenChoreoWorkflowsApi } from '../../api';
import type { RunsQuery } from './useRunsPage';

/**
 * Where one cluster's list resumes: the server's cursor of a page and how
 * many of that page's runs were shown already; null once it has no more.
 */
export type ClusterPosition = { cursor?: string; skip: number } | null;

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

/** A cluster's next runs, each with the position just after it. */
interface Buffer {
  entries: Array<{ run: RunSummary; after: ClusterPosition }>;
  /** The position after the last entry (where the cluster resumes once all are shown). */
  end: ClusterPosition;
}

/** Where a cluster resumes after run `i` of the page at `cursor`. */
function positionAfter(
  i: number,
  cursor: string | undefined,
  items: RunSummary[],
  next: string | undefined,
): ClusterPosition {
  if (i + 1 < items.length) return { cursor, skip: i + 1 };
  return next ? { cursor: next, skip: 0 } : null;
}

/**
 * At least `limit` of a cluster's runs from `at` (unless it has fewer), in
 * the server's order: one page, and the next one when the runs already shown
 * leave too few of the first.
 */
async function bufferOf(
  api: OpenChoreoWorkflowsApi,
  cluster: string,
  at: { cursor?: string; skip: number },
  query: RunsQuery,
  limit: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const entries: Buffer['entries'] = [];
  let cursor = at.cursor;
  let skip = at.skip;
  let end: ClusterPosition = at;
  for (let pages = 0; pages < 2 && end && entries.length < limit; pages++) {
    const page = await api.listRuns({
      ...query,
      cluster,
      cursor,
      limit,
      signal,
    });
    const next = page.nextCursor;
    const { items } = page;
    for (let i = skip; i < items.length; i++) {
      entries.push({
        run: items[i],
        after: positionAfter(i, cursor, items, next),
      });
    }
    end = next ? { cursor: next, skip: 0 } : null;
    cursor = next;
    skip = 0;
  }
  return { entries, end };
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
 * is thrown.
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
    clusters.map(c => [c, cursor ? cursor[c] ?? null : { skip: 0 }]),
  );
  const asked = clusters.filter(c => positions[c]);
  const answers = await Promise.allSettled(
    asked.map(c => bufferOf(api, c, positions[c]!, query, limit, signal)),
  );
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

  for (const c of asked) {
    const buffer = buffers.get(c);
    const n = taken.get(c) ?? 0;
    // A failed cluster (no buffer) stays where it was, to be asked again.
    if (buffer && n > 0) positions[c] = buffer.entries[n - 1].after;
    else if (buffer?.entries.length === 0) positions[c] = buffer.end;
  }
  const more = Object.values(positions).some(p => p !== null);
  return { items, nextCursor: more ? positions : undefined, failures };
}
