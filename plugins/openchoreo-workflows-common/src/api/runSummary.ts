import type { RunDetail, RunSummary } from './types';

/**
 * A run as lists show it: without its steps, conditions, reference,
 * outputs, labels and annotations. @public
 */
export function runSummaryOf(run: RunDetail): RunSummary {
  const {
    tasks: _t,
    conditions: _c,
    runReference: _r,
    outputs: _o,
    labels: _l,
    annotations: _a,
    ...summary
  } = run;
  return summary;
}
