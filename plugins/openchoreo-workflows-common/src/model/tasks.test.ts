import { orderedTasks, taskIndex } from './tasks';
import { WorkflowRunResource, WorkflowTask } from './types';

const run = (tasks?: WorkflowTask[]): WorkflowRunResource => ({
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'WorkflowRun',
  metadata: { name: 'r' },
  spec: { workflow: { name: 'w' } },
  status: tasks ? { tasks } : {},
});
const now = new Date('2026-08-21T10:10:00Z');

describe('taskIndex', () => {
  it('reads the last [N]', () => {
    expect(taskIndex('wf[0].build[3].step')).toBe(3);
    expect(taskIndex('wf[12].step')).toBe(12);
    expect(taskIndex('step(1)')).toBeUndefined();
  });
});

describe('orderedTasks', () => {
  it('returns [] without tasks', () => {
    expect(orderedTasks(run(), now)).toEqual([]);
  });

  it('sorts display names by startedAt, not-started last, with durations', () => {
    expect(
      orderedTasks(
        run([
          { name: 'report', phase: 'Pending' },
          {
            name: 'transform',
            phase: 'Running',
            startedAt: '2026-08-21T10:05:00Z',
          },
          {
            name: 'fetch',
            phase: 'Succeeded',
            startedAt: '2026-08-21T10:00:00Z',
            completedAt: '2026-08-21T10:04:30Z',
          },
        ]),
        now,
      ),
    ).toEqual([
      {
        name: 'fetch',
        phase: 'Succeeded',
        startedAt: '2026-08-21T10:00:00Z',
        completedAt: '2026-08-21T10:04:30Z',
        durationMs: 270000,
      },
      {
        name: 'transform',
        phase: 'Running',
        startedAt: '2026-08-21T10:05:00Z',
        durationMs: 300000,
      },
      { name: 'report', phase: 'Pending' },
    ]);
  });

  it('sorts by the [N] index when every task has one', () => {
    expect(
      orderedTasks(
        run([
          {
            name: 'wf[2].c',
            phase: 'Succeeded',
            startedAt: '2026-08-21T10:00:00Z',
          },
          {
            name: 'wf[0].a',
            phase: 'Succeeded',
            startedAt: '2026-08-21T10:02:00Z',
          },
          {
            name: 'wf[1].b',
            phase: 'Failed',
            startedAt: '2026-08-21T10:01:00Z',
            completedAt: '2026-08-21T10:01:01Z',
            message: 'exit 1',
          },
        ]),
        now,
      ).map(t => [t.name, t.durationMs, t.message]),
    ).toEqual([
      ['wf[0].a', undefined, undefined],
      ['wf[1].b', 1000, 'exit 1'],
      ['wf[2].c', undefined, undefined],
    ]);
  });

  it('keeps status order for ties (retries with equal start) and normalises phases', () => {
    expect(
      orderedTasks(
        run([
          {
            name: 'step(0)',
            phase: 'Failed',
            startedAt: '2026-08-21T10:00:00Z',
          },
          {
            name: 'step(1)',
            phase: 'Omitted' as any,
            startedAt: '2026-08-21T10:00:00Z',
          },
          { name: 'odd', phase: 'Weird' as any },
          { name: 'none' },
        ]),
        now,
      ).map(t => [t.name, t.phase]),
    ).toEqual([
      ['step(0)', 'Failed'],
      ['step(1)', 'Skipped'],
      ['odd', 'Error'],
      ['none', 'Pending'],
    ]);
  });

  it('measures running tasks to now and never returns negative durations', () => {
    const [task] = orderedTasks(
      run([{ name: 'a', phase: 'Running', startedAt: '2026-08-21T10:20:00Z' }]),
      now,
    );
    expect(task.durationMs).toBe(0);
  });
});
