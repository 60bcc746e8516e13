import { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';

const STEPS = 'ocw_run_log_steps';
const CHUNKS = 'ocw_run_log_chunks';
/** Lines per stored chunk at most, so that a window of a long log reads few rows. */
export const CHUNK_LINES = 1000;

export interface StepLogKey {
  cluster: string;
  /** The run's archive uid (see archiveUid). */
  runUid: string;
  task: string;
}

export interface StepLog {
  task: string;
  lines: LogLine[];
  complete: boolean;
  /** Lines stored for the step in all. */
  total: number;
  /** Offset of `lines[0]` in the step's log. */
  offset: number;
}

const keyColumns = (k: StepLogKey) => ({
  cluster: k.cluster,
  run_uid: k.runUid,
  task: k.task,
});

/**
 * Appends the lines of `lines` past those stored: a step's log is written in
 * chunks that are never rewritten. `lines` are the step's log from line
 * `from` on (0: the whole log; a tail of it, read from the archive, so that
 * appending to a long log does not load it). The step row's line count is
 * the append's compare-and-set, so two backends reading the same pod store
 * its lines once. A complete log does not change any more.
 */
export async function appendLogs(
  db: Knex,
  key: StepLogKey,
  lines: LogLine[],
  complete: boolean,
  from = 0,
): Promise<void> {
  await db.transaction(async trx => {
    const step = await trx(STEPS).where(keyColumns(key)).first();
    if (step && Boolean(step.complete)) return;
    const stored = step ? Number(step.line_count) : 0;
    // A tail that starts past what is stored would leave a gap: not appended.
    if (from > stored) return;
    const fresh = lines.slice(stored - from);
    if (!step) {
      const inserted = await trx(STEPS)
        .insert({ ...keyColumns(key), line_count: fresh.length, complete })
        .onConflict(['cluster', 'run_uid', 'task'])
        .ignore()
        .returning('task');
      if (inserted.length === 0) return; // another backend was first
    } else {
      if (fresh.length === 0 && !complete) return;
      const updated = await trx(STEPS)
        .where({ ...keyColumns(key), line_count: stored })
        .update({ line_count: stored + fresh.length, complete });
      if (updated !== 1) return; // another backend appended meanwhile
    }
    for (let i = 0; i < fresh.length; i += CHUNK_LINES) {
      const part = fresh.slice(i, i + CHUNK_LINES);
      await trx(CHUNKS).insert({
        ...keyColumns(key),
        start_line: stored + i,
        line_count: part.length,
        lines: JSON.stringify(part),
      });
    }
  });
}

/** A window's first line: a negative offset counts back from the end, never before line 0. */
export const resolveOffset = (offset: number, total: number) =>
  offset < 0 ? Math.max(total + offset, 0) : offset;

/**
 * A run's stored step logs (of one step with `run.task`), or with `window` the lines `[offset, offset + limit)`
 * of one step (a negative offset counts from the end), reading only the
 * chunks that hold them.
 */
export async function readLogs(
  db: Knex,
  run: { cluster: string; runUid: string; task?: string },
  window?: { task: string; offset: number; limit: number },
): Promise<StepLog[]> {
  const where = {
    cluster: run.cluster,
    run_uid: run.runUid,
    ...(run.task === undefined ? {} : { task: run.task }),
  };
  const steps = await db(STEPS)
    .where(where)
    .modify(q => {
      if (window) q.andWhere({ task: window.task });
    });
  if (steps.length === 0) return [];
  const range = window && {
    ...window,
    offset: resolveOffset(window.offset, Number(steps[0].line_count)),
  };
  const chunks = await db(CHUNKS)
    .where(where)
    .modify(q => {
      if (!range) return;
      // From the chunk that holds the first line (the last to start at or
      // before it: an index seek, chunks may be of any length) to the window's end.
      const holder = db(CHUNKS)
        .where(where)
        .andWhere({ task: range.task })
        .andWhere('start_line', '<=', range.offset)
        .max('start_line');
      q.andWhere({ task: range.task })
        .andWhere('start_line', '<', range.offset + range.limit)
        .andWhere('start_line', '>=', holder);
    })
    .orderBy([
      { column: 'task', order: 'asc' },
      { column: 'start_line', order: 'asc' },
    ])
    .select('task', 'start_line', 'lines');
  const linesOf = new Map<string, { first: number; lines: LogLine[] }>();
  for (const c of chunks) {
    let entry = linesOf.get(c.task);
    if (!entry) {
      entry = { first: Number(c.start_line), lines: [] };
      linesOf.set(c.task, entry);
    }
    for (const line of JSON.parse(c.lines)) entry.lines.push(line);
  }
  return steps.map((s: any) => {
    const entry = linesOf.get(s.task) ?? { first: 0, lines: [] };
    const offset = range ? range.offset : 0;
    const from = Math.max(offset - entry.first, 0);
    return {
      task: s.task,
      lines: range ? entry.lines.slice(from, from + range.limit) : entry.lines,
      complete: Boolean(s.complete),
      total: Number(s.line_count),
      offset: range ? Math.max(offset, entry.first) : 0,
    };
  });
}
