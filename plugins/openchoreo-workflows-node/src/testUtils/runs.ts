import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

/**
 * A run `build-abc` of the Workflow `default/build` on cluster `local`:
 * Pending, nothing run yet, not archived; `over` replaces fields.
 *
 * @public
 */
export function runDetailWith(over: Partial<RunDetail> = {}): RunDetail {
  return {
    cluster: 'local',
    name: 'build-abc',
    namespace: 'default',
    workflow: { kind: 'Workflow', name: 'build', namespace: 'default' },
    generation: 'v1',
    phase: 'Pending',
    parameters: {},
    taskCount: 0,
    tasksSucceeded: 0,
    archived: false,
    tasks: [],
    conditions: [],
    outputs: {},
    labels: {},
    annotations: {},
    ...over,
  };
}
