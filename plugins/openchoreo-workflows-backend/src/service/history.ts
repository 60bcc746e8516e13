import { InputError } from '@backstage/errors';
import {
  isTerminalPhase,
  RunListFilters,
  RunListResponse,
  RunPhase,
  RunSummary,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  comparePositions,
  RunPosition,
  sortableTime,
} from '../cache/runPosition';
import { ALL_RUNS, byNamespace, byWorkflowName } from '../cache/SortedRunIndex';
import { ClusterState } from '../cluster/ClusterState';
import { RunHistory } from '../database/RunHistory';
import { toRunSummary } from './convert';

export interface RunQuery extends RunListFilters {
  phases?: RunPhase[];
}

/** Archived rows read per request at most: filters the database cannot answer (parameters, permissions) end a page early, with a cursor. */
export const MAX_ARCHIVED_SCAN = 2000;

/**
 * Summaries of finished runs, per cached object: the watch cache replaces an
 * object on every change and never mutates it, so a summary stays right for
 * as long as its object is cached. (Running runs have durations that grow.)
 */
const finishedSummaries = new WeakMap<WorkflowRunResource, RunSummary>();
function summaryOf(cluster: string, run: WorkflowRunResource): RunSummary {
  const known = finishedSummaries.get(run);
  if (known && known.cluster === cluster) return known;
  const summary = toRunSummary(cluster, run);
  if (isTerminalPhase(summary.phase)) finishedSummaries.set(run, summary);
  return summary;
}

function paramAt(params: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<any>(
      (v, k) => (v === null || v === undefined ? undefined : v[k]),
      params,
    );
}

/**
 * Creation times in sortable form per cached object (never mutated, as
 * above): a page does not parse and format every live run's time again.
 */
const sortableCreated = new WeakMap<WorkflowRunResource, string>();
function livePosition(
  run: WorkflowRunResource,
  r: RunSummary,
): Required<RunPosition> {
  let c = sortableCreated.get(run);
  if (c === undefined) {
    c = sortableTime(r.createdAt);
    sortableCreated.set(run, c);
  }
  return { c, k: `${r.namespace}/${r.name}`, u: r.uid ?? '' };
}

/** The cursor is the position of the last run a page covered, opaque to clients. */
function encodeCursor(p: RunPosition): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

function decodeCursor(cursor: string): RunPosition {
  let p: any;
  try {
    p = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    p = undefined;
  }
  if (
    typeof p?.c !== 'string' ||
    typeof p?.k !== 'string' ||
    (p.u !== undefined && typeof p.u !== 'string')
  ) {
    throw new InputError('cursor: is not a cursor this API returned');
  }
  return { c: sortableTime(p.c), k: p.k, u: p.u };
}

type Match = { r: RunSummary; p: Required<RunPosition> };

/** The query's filters, shared by the live and the archived side. */
function filtersOf(q: RunQuery, allowed: (r: RunSummary) => boolean) {
  const since = q.since ? sortableTime(q.since) : undefined;
  const until = q.until ? sortableTime(q.until) : undefined;
  return {
    since,
    until,
    // What the database does not filter (and the cache filters the same way).
    matchesRest: (r: RunSummary) =>
      Object.entries(q.params ?? {}).every(
        ([path, value]) => String(paramAt(r.parameters, path) ?? '') === value,
      ) && allowed(r),
    matchesFields: (r: RunSummary) =>
      (!q.workflow || r.workflow.name === q.workflow) &&
      (!q.workflowKind || r.workflow.kind === q.workflowKind) &&
      (!q.namespace || r.namespace === q.namespace) &&
      (!q.phases?.length || q.phases.includes(r.phase)) &&
      (!q.launchedBy || r.launchedBy === q.launchedBy) &&
      (!q.schedule || r.schedule === q.schedule),
    inTime: (c: string) =>
      (since === undefined || c >= since) &&
      (until === undefined || (c !== '' && c <= until)),
  };
}

/** Live runs: walk the narrowest ordered list from the cursor, stop after limit + 1 matches. */
function liveMatches(
  cluster: ClusterState,
  q: RunQuery,
  filters: ReturnType<typeof filtersOf>,
  limit: number,
  cursor: RunPosition | undefined,
  decorate: (run: WorkflowRunResource, summary: RunSummary) => RunSummary,
): Match[] {
  const { since, until, matchesFields, matchesRest, inTime } = filters;
  let order = ALL_RUNS;
  if (q.workflow) order = byWorkflowName(q.workflow);
  else if (q.namespace) order = byNamespace(q.namespace);
  const matches: Match[] = [];
  for (const run of cluster.runOrder.walk(order, cursor)) {
    const r = decorate(run, summaryOf(cluster.name, run));
    // The position (a time conversion) only when the time matters.
    if (since === undefined && until === undefined && !matchesFields(r))
      continue;
    const p = livePosition(run, r);
    // Newest first: once older than `since`, so is everything after.
    if (since !== undefined && p.c < since) break;
    if (!matchesFields(r) || !inTime(p.c) || !matchesRest(r)) continue;
    matches.push({ r, p });
    if (matches.length > limit) break;
  }
  return matches;
}

/**
 * Archived runs: keyset pages until limit + 1 matches or the scan budget is
 * spent (then `scanEnd` is where the scan stopped).
 */
async function archivedMatches(
  history: RunHistory,
  cluster: ClusterState,
  q: RunQuery,
  matchesRest: (r: RunSummary) => boolean,
  limit: number,
  cursor: RunPosition | undefined,
  before: Required<RunPosition> | undefined,
): Promise<{ matches: Match[]; scanEnd?: RunPosition }> {
  const isLive = (r: RunSummary) =>
    cluster.runs.get(r.namespace, r.name)?.metadata.uid === r.uid;
  const matches: Match[] = [];
  let after = cursor;
  let scanned = 0;
  while (matches.length <= limit) {
    const batch = Math.min(
      Math.max(limit + 1, scanned),
      MAX_ARCHIVED_SCAN - scanned,
    );
    const rows = await history.page({
      cluster: cluster.name,
      workflowName: q.workflow,
      workflowKind: q.workflowKind,
      namespace: q.namespace,
      phases: q.phases,
      launchedBy: q.launchedBy,
      scheduleId: q.schedule,
      since: q.since,
      until: q.until,
      after,
      before,
      limit: batch,
    });
    scanned += rows.length;
    for (const { summary, position } of rows) {
      if (isLive(summary) || !matchesRest(summary)) continue;
      matches.push({ r: summary, p: position });
    }
    if (rows.length < batch) break;
    after = rows[rows.length - 1].position;
    if (scanned >= MAX_ARCHIVED_SCAN) return { matches, scanEnd: after };
  }
  return { matches };
}

/**
 * One page of `GET /runs` over live runs (the cache's ordered index) and
 * archived ones (keyset pages from the database), newest first, with one
 * cursor across both. Neither side is read past what the page needs.
 */
export async function listHistory(
  history: RunHistory,
  cluster: ClusterState,
  q: RunQuery,
  allowed: (r: RunSummary) => boolean,
  /** Adds what the caller knows of a live run to its summary (e.g. a diagnosis). */
  decorate: (run: WorkflowRunResource, summary: RunSummary) => RunSummary = (
    _run,
    summary,
  ) => summary,
): Promise<RunListResponse> {
  const limit = Math.min(Math.max(q.limit ?? 25, 1), 200);
  const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
  const filters = filtersOf(q, allowed);
  const live = liveMatches(cluster, q, filters, limit, cursor, decorate);
  // With limit + 1 live matches, an archived run older than the last of them cannot be on the page.
  const before = live.length > limit ? live[limit].p : undefined;
  const archived = await archivedMatches(
    history,
    cluster,
    q,
    filters.matchesRest,
    limit,
    cursor,
    before,
  );
  const { scanEnd } = archived;
  const matches = [...live, ...archived.matches];

  matches.sort((a, b) => comparePositions(a.p, b.p));
  // Past where the archive scan stopped nothing is known yet: the next page starts there.
  const known = scanEnd
    ? matches.filter(m => comparePositions(m.p, scanEnd) <= 0)
    : matches;
  const items = known.slice(0, limit);
  let next: RunPosition | undefined;
  if (known.length > limit) next = items[items.length - 1].p;
  else if (scanEnd) next = scanEnd;
  return {
    items: items.map(m => m.r),
    nextCursor: next ? encodeCursor(next) : undefined,
  };
}
