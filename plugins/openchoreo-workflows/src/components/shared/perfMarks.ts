import { useEffect, useRef } from 'react';

/**
 * User Timing marks for what must stay fast at scale (issue 13): a measure
 * `name` runs from `startMeasure(name)` to `endMeasure(name)`, usually from
 * the render that starts the work to the effect after React committed it.
 * Browser tests read them with `performance.getEntriesByName(name)`.
 */
const startOf = (name: string) => `${name}:start`;

export function startMeasure(name: string) {
  if (typeof performance?.mark === 'function') performance.mark(startOf(name));
}

/** Ends the measure started last; nothing when none is pending. */
export function endMeasure(name: string) {
  if (typeof performance?.measure !== 'function') return;
  if (performance.getEntriesByName(startOf(name), 'mark').length === 0) return;
  performance.measure(name, startOf(name));
  performance.clearMarks(startOf(name));
}

const NOT_STARTED = Symbol('not started');

/**
 * A measure from the render where `start` changes (with `fromMount`, also the
 * first render) to the browser's paint of the commit where `end` changes (the
 * first task after the next animation frame): what a user waits for,
 * including the style, layout and paint.
 */
export function useMeasureToPaint(
  name: string,
  start: unknown,
  end: unknown,
  fromMount = false,
) {
  const started = useRef<unknown>(fromMount ? NOT_STARTED : start);
  if (started.current !== start) {
    started.current = start;
    startMeasure(name);
  }
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => endMeasure(name), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [name, end]);
}
