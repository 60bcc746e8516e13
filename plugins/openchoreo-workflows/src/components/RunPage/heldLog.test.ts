import type { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  EARLIER_PAGE_LINES,
  earlierWindow,
  LINK_CONTEXT_LINES,
  prepend,
  restartAt,
  streamOffset,
  TAIL_LINES,
} from './heldLog';

/** Lines of the log from 0-based line `from`, `count` of them. */
const lines = (from: number, count: number): LogLine[] =>
  Array.from({ length: count }, (_, i) => ({
    task: 'build',
    text: `line ${from + i}`,
  }));
const texts = (held: { lines: LogLine[] }) => held.lines.map(l => l.text);

describe('heldLog', () => {
  it('opens a live log at its tail, or a linked line with the lines above it', () => {
    expect(streamOffset()).toBe(-TAIL_LINES);
    expect(streamOffset(50_000)).toBe(50_000 - 1 - LINK_CONTEXT_LINES);
    expect(streamOffset(3)).toBe(0);
  });

  it('keeps the held lines before where a stream starts again, else starts afresh', () => {
    const held = { first: 10, lines: lines(10, 5) };
    expect(restartAt(held, 12)).toEqual({ first: 10, lines: lines(10, 2) });
    expect(restartAt(held, 15)).toBe(held);
    expect(restartAt(held, 10)).toEqual({ first: 10, lines: [] });
    expect(restartAt(held, 16)).toEqual({ first: 16, lines: [] });
    expect(restartAt(held, 9)).toEqual({ first: 9, lines: [] });
  });

  it('puts earlier lines before the held ones only when they reach them', () => {
    const held = { first: 10, lines: lines(10, 2) };
    const joined = prepend(held, 7, lines(7, 5));
    expect(joined.first).toBe(7);
    expect(texts(joined)).toEqual([7, 8, 9, 10, 11].map(n => `line ${n}`));
    expect(prepend(held, 5, lines(5, 3))).toBe(held);
    expect(prepend(held, 10, lines(10, 2))).toBe(held);
  });

  it('reads the page of earlier lines that ends at the first held line', () => {
    expect(earlierWindow({ first: 5000, lines: [] })).toEqual({
      offset: 5000 - EARLIER_PAGE_LINES,
      limit: EARLIER_PAGE_LINES,
    });
    expect(earlierWindow({ first: 300, lines: [] })).toEqual({
      offset: 0,
      limit: 300,
    });
  });
});
