import { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';

/**
 * A long log of `task` to seed the archive with: `count` lines, 500 a second
 * from `from` (ms since the epoch) on, the i-th saying `${text} ${i}`.
 */
export function longLog(
  task: string,
  count: number,
  from: number,
  text: string,
): LogLine[] {
  return Array.from({ length: count }, (_, i) => ({
    task,
    timestamp: new Date(from + i * 2).toISOString(),
    text: `${text} ${i}`,
  }));
}

/**
 * Chunk rows fetched from the archive, counted from knex's own events; set
 * `rows` to 0 to count again.
 */
export function countChunkRows(knex: Knex) {
  const count = { rows: 0 };
  knex.on('query-response', (response: unknown, query: any) => {
    if (
      /^select .* from [`"]ocw_run_log_chunks[`"]/.test(query.sql) &&
      Array.isArray(response)
    )
      count.rows += response.length;
  });
  return count;
}
