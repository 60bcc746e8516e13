import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { runDetailWith } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';

/**
 * A run `name` (uid `uid-${name}`) of the Workflow `default/build` on the
 * cluster `c1`, as the archive's tests store it; `over` replaces fields.
 */
export function runOnC1(name: string, over: Partial<RunDetail> = {}) {
  return runDetailWith({ cluster: 'c1', name, uid: `uid-${name}`, ...over });
}

/**
 * `runOnC1`, created 2026-11-27T10:00:00Z, its one task `build` Running;
 * `over` replaces fields.
 */
export function runningRun(name: string, over: Partial<RunDetail> = {}) {
  return runOnC1(name, {
    phase: 'Running',
    createdAt: '2026-11-27T10:00:00Z',
    taskCount: 1,
    tasks: [{ name: 'build', phase: 'Running' }],
    ...over,
  });
}
