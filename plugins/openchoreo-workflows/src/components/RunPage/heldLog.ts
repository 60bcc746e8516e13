import type { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

/**
 * The part of a step's log the page holds: consecutive lines from line
 * `first` (0-based) of the log. A live step's log is opened near its tail,
 * so `first` is above 0 until earlier lines are loaded.
 */
export interface HeldLog {
  first: number;
  lines: LogLine[];
}

export const emptyLog: HeldLog = { first: 0, lines: [] };

/** Lines a live step's log opens with: its last lines, the rest loaded on demand. */
export const TAIL_LINES = 2000;
/** Lines above a linked line (`#L<n>`) a live step's log opens with. */
export const LINK_CONTEXT_LINES = 500;
/** Earlier lines loaded at a time (the logs window's limit is 5000). */
export const EARLIER_PAGE_LINES = 1000;

/**
 * Where a live step's stream opens: at the linked line's window (`#L<n>`,
 * 1-based), else its last `TAIL_LINES` (a negative offset counts from the end).
 */
export const streamOffset = (linkedLine?: number) =>
  linkedLine === undefined
    ? -TAIL_LINES
    : Math.max(0, linkedLine - 1 - LINK_CONTEXT_LINES);

/**
 * The stream (re)starts sending at line `offset`: keep the held lines before
 * it when they reach it (a reconnect re-sends from there), else start afresh.
 */
export function restartAt(held: HeldLog, offset: number): HeldLog {
  const end = held.first + held.lines.length;
  if (offset < held.first || offset > end) return { first: offset, lines: [] };
  if (offset === end) return held;
  return { first: held.first, lines: held.lines.slice(0, offset - held.first) };
}

export const append = (held: HeldLog, batch: LogLine[]): HeldLog => ({
  first: held.first,
  lines: held.lines.concat(batch),
});

/**
 * Earlier lines read from line `offset`: put before the held ones the lines
 * that precede them. A window that does not reach the held lines (they were
 * replaced meanwhile) changes nothing.
 */
export function prepend(
  held: HeldLog,
  offset: number,
  earlier: readonly LogLine[],
): HeldLog {
  if (offset >= held.first || offset + earlier.length < held.first) return held;
  return {
    first: offset,
    lines: earlier.slice(0, held.first - offset).concat(held.lines),
  };
}

/** Which earlier lines to read next: the page that ends at the first held line. */
export function earlierWindow(held: HeldLog) {
  const offset = Math.max(0, held.first - EARLIER_PAGE_LINES);
  return { offset, limit: held.first - offset };
}
