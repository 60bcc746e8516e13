import { stepLogReasonText, stepLogsUnavailable } from './stepLogs';

describe('stepLogsUnavailable', () => {
  it('says why a step has no log, with what else was tried', () => {
    expect(stepLogsUnavailable('fetch', 'podGone')).toBe(
      'step fetch has no pod: its logs are not available (its pod was garbage-collected)',
    );
    expect(
      stepLogsUnavailable('fetch', 'podGone', {
        detail: "OpenChoreo's observer has no lines for it",
      }),
    ).toBe(
      "step fetch has no pod: its logs are not available (its pod was garbage-collected; OpenChoreo's observer has no lines for it)",
    );
    expect(stepLogsUnavailable('fetch', 'runDeleted')).toBe(
      'step fetch has no pod: its logs are not available (the run was deleted before its logs were archived)',
    );
    expect(
      stepLogsUnavailable('fetch', 'workflowPlaneUnreachable', {
        detail: 'connection refused',
      }),
    ).toBe(
      'step fetch has no pod: its logs are not available (the workflow plane cannot be reached; connection refused)',
    );
  });

  it('words a step that did not run and a pod that cannot be read apart', () => {
    expect(stepLogsUnavailable('deploy', 'notStarted')).toBe(
      'step deploy did not run: it has no logs',
    );
    expect(stepLogsUnavailable('build', 'logUnreadable')).toBe(
      'step build: its logs cannot be read from its pod',
    );
    expect(
      stepLogsUnavailable('build', 'logUnreadable', { detail: 'forbidden' }),
    ).toBe('step build: its logs cannot be read from its pod (forbidden)');
  });

  it('says of events, which are not archived, only that the run was deleted', () => {
    expect(stepLogsUnavailable('push', 'runDeleted', { what: 'events' })).toBe(
      'step push has no pod: its events are not available (the run was deleted)',
    );
    expect(stepLogsUnavailable('push', 'podGone', { what: 'events' })).toBe(
      'step push has no pod: its events are not available (its pod was garbage-collected)',
    );
    expect(stepLogsUnavailable('push', 'notStarted', { what: 'events' })).toBe(
      'step push did not run: it has no events',
    );
  });

  it('gives the phrase of a reason', () => {
    expect(stepLogReasonText('logUnreadable')).toBe(
      "its pod's log cannot be read",
    );
  });
});
