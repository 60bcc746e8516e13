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
