import type { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

/** Line n (1-based) of a long log of step `build`; every 1,000th names the needle. */
const longLogLine = (n: number): LogLine => ({
  task: 'build',
  text: n % 1000 === 0 ? `step ${n}: found the NEEDLE here` : `step ${n}: ok`,
});

/** Lines `from`…`to` (1-based, inclusive) of that log. */
export const longLogLines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => longLogLine(from + i));

/** The row of log line `n` (1-based), when it is rendered. */
export const renderedLine = (n: number) =>
  document.querySelector(`[data-line="${n}"]`) as HTMLElement | null;
