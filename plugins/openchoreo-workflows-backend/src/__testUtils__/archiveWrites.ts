import { Knex } from 'knex';

/** A change as the archive keys it: the run's uid, its version, whether it records the deletion, or a stop. */
export type Change = string;

/**
 * Counts, per change, the upserts of `ocw_runs` sent and the rows they wrote
 * (the upsert returns the row only when it wrote it), from knex's own events.
 */
export function countArchiveWrites(knex: Knex) {
  const attempts = new Map<Change, number>();
  const writes = new Map<Change, number>();
  const add = (m: Map<Change, number>, k: Change) =>
    m.set(k, (m.get(k) ?? 0) + 1);
  knex.on('query-response', (response: unknown, query: any) => {
    const columns = /^insert into [`"]ocw_runs[`"] \(([^)]*)\)/.exec(
      query.sql,
    )?.[1];
    if (!columns) return;
    const names = columns.split(',').map(c => c.trim().replace(/[`"]/g, ''));
    const value = (c: string) => query.bindings[names.indexOf(c)];
    const change = `${value('uid')}@${value('resource_version')}${
      value('deleted_at') ? ' deleted' : ''
    }${value('stopped_by') ? ' stopped' : ''}`;
    add(attempts, change);
    if (Array.isArray(response) && response.length > 0) add(writes, change);
  });
  return { attempts, writes };
}

/** Polls `check` until it holds (bounded). */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
) {
  const deadline = Date.now() + 150_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}
