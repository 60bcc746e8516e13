import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { runDetailWith } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { createRunWorkflowAction } from './runWorkflow';
import {
  LaunchRejectedError,
  WorkflowsBackend,
} from './WorkflowsBackendClient';

const baseRun = (over: Partial<RunDetail> = {}): RunDetail =>
  runDetailWith({ generation: 'v0', ...over });

/** A backend whose run moves through the given states, one per poll. */
function fakeBackend(
  states: RunDetail[],
  opts: { previewErrors?: any[]; reject?: boolean } = {},
) {
  let poll = 0;
  const backend = {
    preview: jest.fn(async () => ({
      parameters: { repository: { url: 'https://x', branch: 'main' } },
      errors: opts.previewErrors ?? [],
      objects: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { name: 'preview' },
        },
      ],
    })),
    launch: jest.fn(async () => {
      if (opts.reject)
        throw new LaunchRejectedError('invalid', [
          { path: 'repository.url', message: 'is required' },
        ]);
      return states[0];
    }),
    getRun: jest.fn(async () => states[Math.min(poll++, states.length - 1)]),
    // The step's log grows by one line a poll; a window answers its part.
    getLogs: jest.fn(
      async (
        _c: unknown,
        _ns: string,
        _n: string,
        _cluster?: string,
        window?: { task: string; offset?: number; limit?: number },
      ) => {
        const all = Array.from({ length: poll }, (_, i) => ({
          task: 'clone',
          text: i === 0 ? 'cloning' : `line ${i}`,
        })).filter(l => l.task === window?.task);
        const offset = window?.offset ?? 0;
        return {
          lines: all.slice(offset, offset + (window?.limit ?? 1000)),
          complete: false,
          steps: [{ task: window?.task ?? '' }],
          offset,
          total: all.length,
        };
      },
    ),
    stop: jest.fn(async () => states[0]),
  };
  return backend as typeof backend & WorkflowsBackend;
}

const input = {
  workflow: { kind: 'Workflow' as const, name: 'build' },
  namespace: 'default',
  parameters: { repository: { url: 'https://x' } },
};

/** The action on `backend`, linking runs to http://app, polling every `pollIntervalMs` (default: the action's). */
const actionOn = (backend: WorkflowsBackend, pollIntervalMs?: number) =>
  createRunWorkflowAction({
    backend,
    appBaseUrl: 'http://app',
    pollIntervalMs,
  });

/** A context whose input waits for the run to finish, with `more` input. */
const waitingContext = (more: Record<string, unknown> = {}) =>
  createMockActionContext({
    input: { ...input, waitForCompletion: true, ...more },
  });

describe('openchoreo:workflow:run', () => {
  it('launches without waiting and outputs the run', async () => {
    const backend = fakeBackend([baseRun()]);
    const action = createRunWorkflowAction({
      backend,
      appBaseUrl: 'http://localhost:3000/',
    });
    const ctx = createMockActionContext({ input });
    await action.handler(ctx);
    expect(backend.launch).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        namespace: 'default',
        workflow: { kind: 'Workflow', name: 'build', namespace: 'default' },
        idempotencyKey: expect.stringMatching(/^scaffolder:/),
      }),
      undefined,
    );
    expect(ctx.output).toHaveBeenCalledWith('runName', 'build-abc');
    expect(ctx.output).toHaveBeenCalledWith(
      'runUrl',
      'http://localhost:3000/openchoreo-workflows/runs/default/build-abc',
    );
    expect(ctx.output).toHaveBeenCalledWith('status', 'Pending');
  });

  it('waits, reports steps and logs, and returns the outputs', async () => {
    const running = baseRun({
      phase: 'Running',
      tasks: [{ name: 'clone', phase: 'Running' }],
    });
    const done = baseRun({
      phase: 'Succeeded',
      tasks: [
        {
          name: 'clone',
          phase: 'Succeeded',
          completedAt: 'x',
          durationMs: 1500,
        },
      ],
      outputs: { 'push-step.image': 'registry/app:v1' },
    });
    const backend = fakeBackend([baseRun(), running, done]);
    const action = actionOn(backend, 1);
    const ctx = waitingContext();
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('status', 'Succeeded');
    expect(ctx.output).toHaveBeenCalledWith('outputs', {
      'push-step.image': 'registry/app:v1',
    });
    const logged = info.mock.calls.map(c => String(c[0]));
    expect(logged).toContain('step clone: Running');
    expect(logged).toContain('step clone: Succeeded in 1.5s');
    expect(logged.filter(l => l === '[clone] cloning')).toHaveLength(1);
    // Each line once, read by offset: only what is new is asked for.
    expect(logged.filter(l => l.startsWith('[clone]'))).toEqual([
      '[clone] cloning',
      '[clone] line 1',
      '[clone] line 2',
    ]);
    expect(
      backend.getLogs.mock.calls.map(c => [c[4]?.task, c[4]?.offset]),
    ).toEqual([
      ['clone', 0],
      ['clone', 2],
    ]);
  });

  it('fails the step with the failed step and its message', async () => {
    const failed = baseRun({
      phase: 'Failed',
      tasks: [
        {
          name: 'migrate',
          phase: 'Failed',
          message: 'relation "orders" already exists',
        },
      ],
    });
    const backend = fakeBackend([baseRun(), failed]);
    const action = actionOn(backend, 1);
    const ctx = waitingContext();
    await expect(action.handler(ctx)).rejects.toThrow(
      'default/build-abc failed at step migrate: relation "orders" already exists',
    );
    expect(ctx.output).toHaveBeenCalledWith('status', 'Failed');
  });

  it('refuses invalid parameters before creating anything', async () => {
    const backend = fakeBackend([baseRun()], {
      previewErrors: [{ path: 'repository.url', message: 'is required' }],
    });
    const action = actionOn(backend);
    await expect(
      action.handler(createMockActionContext({ input })),
    ).rejects.toThrow(
      'Invalid parameters for Workflow default/build:\n  repository.url: is required',
    );
    expect(backend.launch).not.toHaveBeenCalled();
  });

  it('reports a launch the backend rejects with its field errors', async () => {
    const backend = fakeBackend([baseRun()], { reject: true });
    const action = actionOn(backend);
    await expect(
      action.handler(createMockActionContext({ input })),
    ).rejects.toThrow('repository.url: is required');
  });

  it('only previews in a dry run', async () => {
    const backend = fakeBackend([baseRun()]);
    const action = actionOn(backend);
    // This version of createMockActionContext does not pass isDryRun through.
    const ctx = { ...createMockActionContext({ input }), isDryRun: true };
    await action.handler(ctx);
    expect(backend.preview).toHaveBeenCalled();
    expect(backend.launch).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('status', 'DryRun');
  });

  it('times out with the run still going', async () => {
    const backend = fakeBackend([baseRun({ phase: 'Running' })]);
    const action = actionOn(backend, 400);
    const ctx = waitingContext({ timeoutSeconds: 1 });
    await expect(action.handler(ctx)).rejects.toThrow(
      /Timed out after 1s .* \(still Running\)/,
    );
  });

  it('stops the run when the task is cancelled while waiting', async () => {
    const backend = fakeBackend([baseRun({ phase: 'Running' })]);
    const action = actionOn(backend, 10);
    const controller = new AbortController();
    const ctx = waitingContext();
    (ctx as any).signal = controller.signal;
    setTimeout(() => controller.abort(), 50);
    await expect(action.handler(ctx)).rejects.toThrow(
      'Cancelled while waiting',
    );
    expect(backend.stop).toHaveBeenCalledWith(
      expect.anything(),
      'default',
      'build-abc',
      undefined,
    );
  });

  it('never launches twice when a task resumes', async () => {
    const backend = fakeBackend([baseRun()]);
    const action = actionOn(backend);
    // The scaffolder stores checkpoint results in the task state; a resumed task replays them.
    const state = new Map<string, unknown>();
    const ctx = {
      ...createMockActionContext({ input }),
      async checkpoint<T>(opts: {
        key: string;
        fn: () => Promise<T> | T;
      }): Promise<T> {
        if (!state.has(opts.key)) state.set(opts.key, await opts.fn());
        return state.get(opts.key) as T;
      },
    };
    await action.handler(ctx as any);
    await action.handler(ctx as any); // the same task, resumed
    expect(backend.launch).toHaveBeenCalledTimes(1);
  });
});
