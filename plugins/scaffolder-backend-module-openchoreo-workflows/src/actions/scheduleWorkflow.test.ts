import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Schedule } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { createScheduleWorkflowAction } from './scheduleWorkflow';
import { WorkflowsBackend } from './WorkflowsBackendClient';

/** A backend recording what the action asks; the preview finds `previewErrors`. */
function recordingBackend(previewErrors: any[] = []) {
  const created: any[] = [];
  const backend = {
    preview: async () => ({
      parameters: {},
      errors: previewErrors,
      objects: [],
    }),
    createSchedule: async (_c: unknown, request: any, cluster?: string) => {
      created.push({ request, cluster });
      return {
        ...request,
        id: 'sched-1',
        cluster: cluster ?? 'local',
        timezone: request.timezone ?? 'UTC',
        paused: false,
        owner: 'user:default/mock',
        nextRunAt: '2026-12-01T02:00:00.000Z',
        createdAt: '2026-11-30T17:00:00.000Z',
        updatedAt: '2026-11-30T17:00:00.000Z',
      } as Schedule;
    },
  };
  return { backend: backend as unknown as WorkflowsBackend, created };
}

const input = {
  workflow: { kind: 'Workflow' as const, name: 'build' },
  namespace: 'default',
  parameters: { repository: { url: 'https://x' } },
  cron: '0 2 * * 1-5',
  timezone: 'Europe/Paris',
};

describe('openchoreo:workflow:schedule', () => {
  it('creates the schedule as the initiator and outputs its id and next run', async () => {
    const { backend, created } = recordingBackend();
    const action = createScheduleWorkflowAction({
      backend,
      appBaseUrl: 'http://localhost:3000/',
    });
    const ctx = createMockActionContext({ input });
    await action.handler(ctx);
    expect(created).toEqual([
      {
        request: {
          workflow: { kind: 'Workflow', name: 'build', namespace: 'default' },
          namespace: 'default',
          parameters: { repository: { url: 'https://x' } },
          cron: '0 2 * * 1-5',
          timezone: 'Europe/Paris',
        },
        cluster: undefined,
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('scheduleId', 'sched-1');
    expect(ctx.output).toHaveBeenCalledWith(
      'nextRunAt',
      '2026-12-01T02:00:00.000Z',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'schedulesUrl',
      'http://localhost:3000/openchoreo-workflows/schedules',
    );
  });

  it('validates in a dry run and creates nothing', async () => {
    const { backend, created } = recordingBackend();
    const action = createScheduleWorkflowAction({
      backend,
      appBaseUrl: 'http://app',
    });
    // This version of createMockActionContext does not pass isDryRun through.
    const ctx = { ...createMockActionContext({ input }), isDryRun: true };
    await action.handler(ctx);
    expect(created).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('scheduleId', 'dry-run');
  });

  it('refuses invalid parameters before creating anything', async () => {
    const { backend, created } = recordingBackend([
      { path: 'repository.url', message: 'is required' },
    ]);
    const action = createScheduleWorkflowAction({
      backend,
      appBaseUrl: 'http://app',
    });
    await expect(
      action.handler(createMockActionContext({ input })),
    ).rejects.toThrow(/repository\.url: is required/);
    expect(created).toEqual([]);
  });
});
