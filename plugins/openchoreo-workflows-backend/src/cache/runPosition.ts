/**
 * Where a run sorts in history, the same for the live cache and the archive:
 * creation time, then `namespace/name`, then uid; all newest/greatest first,
 * compared by code unit (as SQLite does, and PostgreSQL with the "C" collation).
 */
export interface RunPosition {
  /** Creation time as `sortableTime` writes it ('' when unknown: last). */
  c: string;
  /** `namespace/name` */
  k: string;
  /** The run's uid (absent: any run at `c`/`k`). */
  u?: string;
}

/**
 * ISO text with milliseconds: Kubernetes writes seconds (`...:00Z`) while
 * query bounds carry milliseconds (`...:00.000Z`), and as text `Z` sorts after
 * `.`, so both are brought to one form before they are compared or stored.
 */
export function sortableTime(value: string | undefined | null): string {
  if (!value) return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** Negative when `a` comes first (is newer) in history order. */
export function comparePositions(a: RunPosition, b: RunPosition): number {
  if (a.c !== b.c) return a.c > b.c ? -1 : 1;
  if (a.k !== b.k) return a.k > b.k ? -1 : 1;
  const au = a.u ?? '';
  const bu = b.u ?? '';
  if (au !== bu) return au > bu ? -1 : 1;
  return 0;
}
