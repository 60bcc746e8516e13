import type { StepLogStatus } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { http, HttpResponse } from 'msw';
import {
  API,
  errorBody,
  logEndFrame,
  logLineFrame,
  logStartFrame,
  logStatusFrame,
  mswServer,
  runDetail,
  runEvent,
  runFrame,
  sseResponse,
  testClient,
} from '../testUtils';
import { getFieldErrors } from './OpenChoreoWorkflowsClient';

describe('OpenChoreoWorkflowsClient', () => {
  const server = mswServer();
  const client = testClient();

  it('sends run filters as query parameters', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${API}/runs`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ items: [], nextCursor: 'n1' });
      }),
    );
    const response = await client.listRuns({
      workflow: 'container-build',
      phase: ['Running', 'Failed'],
      launchedBy: 'me',
      params: { 'repository.revision.branch': 'main' },
      limit: 10,
      cursor: 'c0',
    });
    expect(response.nextCursor).toBe('n1');
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      workflow: 'container-build',
      phase: 'Running,Failed',
      launchedBy: 'me',
      'param.repository.revision.branch': 'main',
      limit: '10',
      cursor: 'c0',
    });
  });

  it('asks for a comparison with each run as namespace/name and its cluster', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${API}/runs/compare`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ parameters: [] });
      }),
    );
    await client.compareRuns(
      { namespace: 'team-a', name: 'r1', cluster: 'prod' },
      { namespace: 'team-b', name: 'r2' },
    );
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      a: 'team-a/r1',
      b: 'team-b/r2',
      clusterA: 'prod',
    });
  });

  it("asks for a window of a step's log with offset and limit", async () => {
    const urls: URL[] = [];
    server.use(
      http.get(`${API}/runs/default/r1/logs`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json({
          lines: [{ task: 'build', text: 'l1000' }],
          complete: false,
          steps: [{ task: 'build', source: 'pod' }],
          offset: 1000,
          total: 1001,
        });
      }),
    );
    const page = await client.getRunLogs('default', 'r1', {
      task: 'build',
      offset: -1,
      limit: 500,
    });
    expect(page).toMatchObject({ offset: 1000, total: 1001 });
    await client.getRunLogs('default', 'r1', { cluster: 'c2' });
    expect(urls.map(u => Object.fromEntries(u.searchParams))).toEqual([
      { task: 'build', offset: '-1', limit: '500' },
      { cluster: 'c2' },
    ]);
  });

  it('addresses ClusterWorkflows under /clusterworkflows', async () => {
    server.use(
      http.post(`${API}/clusterworkflows/stats/preview`, () =>
        HttpResponse.json({ parameters: {}, errors: [], objects: [] }),
      ),
    );
    await expect(
      client.preview(
        { kind: 'ClusterWorkflow', name: 'stats' },
        { parameters: {} },
      ),
    ).resolves.toEqual({ parameters: {}, errors: [], objects: [] });
  });

  it('surfaces the field errors of a rejected launch', async () => {
    server.use(
      http.post(`${API}/runs`, () =>
        errorBody('InputError', 'Invalid parameters', 400, {
          request: { method: 'POST', url: '/runs' },
          fieldErrors: [{ path: 'repository.url', message: 'is required' }],
        }),
      ),
    );
    const error = await client
      .launch({
        namespace: 'default',
        workflow: { kind: 'Workflow', name: 'x', namespace: 'default' },
      })
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.body.error.message).toBe('Invalid parameters');
    expect(getFieldErrors(error)).toEqual([
      { path: 'repository.url', message: 'is required' },
    ]);
  });

  it('streams run events and reconnects after the stream drops', async () => {
    let connections = 0;
    server.use(
      http.get(`${API}/stream`, () => {
        connections++;
        return sseResponse(
          [
            ': ping\n\n',
            runFrame(
              runEvent(
                'MODIFIED',
                runDetail({
                  phase: 'Running',
                  tasks: [{ name: 'clone', phase: 'Running' }],
                }),
              ),
            ),
          ],
          { close: connections === 1 },
        );
      }),
    );
    const controller = new AbortController();
    const phases: string[] = [];
    const done = client.streamRuns({
      signal: controller.signal,
      onEvent: event => {
        phases.push(event.run.phase);
        if (phases.length === 2) controller.abort();
      },
    });
    await done;
    expect(phases).toEqual(['Running', 'Running']);
    expect(connections).toBe(2);
  }, 10000);

  it('stops reading logs at the end event', async () => {
    const requested: URL[] = [];
    server.use(
      http.get(`${API}/runs/default/r1/logs/stream`, ({ request }) => {
        requested.push(new URL(request.url));
        return sseResponse([
          logLineFrame({ task: 'build', text: 'step 1' }),
          logLineFrame({ task: 'build', text: 'step 2' }),
          logEndFrame(),
        ]);
      }),
    );
    const lines: string[] = [];
    const onEnd = jest.fn();
    await client.streamRunLogs('default', 'r1', {
      task: 'build',
      signal: new AbortController().signal,
      onLine: line => lines.push(line.text),
      onEnd,
    });
    expect(lines).toEqual(['step 1', 'step 2']);
    expect(onEnd).toHaveBeenCalledTimes(1);
    // One request, for the chosen step; no reconnect after the end event.
    expect(requested.map(u => u.searchParams.get('task'))).toEqual(['build']);
  });

  it('opens a log stream at an offset and hears where it starts', async () => {
    const requested: URL[] = [];
    server.use(
      http.get(`${API}/runs/default/r1/logs/stream`, ({ request }) => {
        requested.push(new URL(request.url));
        return sseResponse([
          logStartFrame({ task: 'build', offset: 99_000, total: 100_000 }),
          logLineFrame({ task: 'build', text: 'line 99000' }),
          logEndFrame(),
        ]);
      }),
    );
    const starts: unknown[] = [];
    const lines: string[] = [];
    await client.streamRunLogs('default', 'r1', {
      task: 'build',
      offset: -1000,
      signal: new AbortController().signal,
      onStart: s => starts.push(s),
      onLine: line => lines.push(line.text),
    });
    expect(requested[0].searchParams.get('offset')).toBe('-1000');
    expect(starts).toEqual([{ task: 'build', offset: 99_000, total: 100_000 }]);
    expect(lines).toEqual(['line 99000']);
  });

  it("hears a step's status on the log stream", async () => {
    const status = {
      task: 'fetch',
      reason: 'podGone',
      unavailable: 'step fetch has no pod: its logs are not available',
    } satisfies StepLogStatus;
    server.use(
      http.get(`${API}/runs/default/r1/logs/stream`, () =>
        sseResponse([logStatusFrame(status), logEndFrame()]),
      ),
    );
    const statuses: unknown[] = [];
    await client.streamRunLogs('default', 'r1', {
      task: 'fetch',
      signal: new AbortController().signal,
      onLine: () => {},
      onStatus: s => statuses.push(s),
    });
    expect(statuses).toEqual([status]);
  });

  it("reads a step's events with its task and cluster", async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${API}/runs/default/r1/events`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ items: [] });
      }),
    );
    await expect(
      client.getStepEvents('default', 'r1', { task: 'fetch', cluster: 'prod' }),
    ).resolves.toEqual({ items: [] });
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      task: 'fetch',
      cluster: 'prod',
    });
  });

  it('sends `cluster` on every call the backend takes it on', async () => {
    const asked: string[] = [];
    server.use(
      http.all(`${API}/*`, ({ request }) => {
        const url = new URL(request.url);
        asked.push(
          `${request.method} ${url.pathname.slice(
            new URL(API).pathname.length,
          )} ${url.searchParams.get('cluster')}`,
        );
        if (url.pathname.endsWith('stream')) {
          return sseResponse([logEndFrame()], { close: true });
        }
        return HttpResponse.json({ items: [] });
      }),
    );
    const on = { cluster: 'b' };
    const ref = { kind: 'Workflow' as const, namespace: 'ns', name: 'w' };
    await client.listWorkflows(on);
    await client.getWorkflow(ref, on);
    await client.preview(ref, { namespace: 'ns', parameters: {} }, on);
    await client.launch({ namespace: 'ns', workflow: ref }, on);
    await client.listRuns(on);
    await client.getRun('ns', 'r', on);
    await client.stopRun('ns', 'r', on);
    await client.rerun('ns', 'r', undefined, on);
    await client.getRunLogs('ns', 'r', on);
    await client.streamRunLogs('ns', 'r', {
      ...on,
      signal: new AbortController().signal,
      onLine: () => {},
    });
    await client.listSchedules(on);
    await client.createSchedule(
      { workflow: ref, namespace: 'ns', cron: '* * * * *' },
      on,
    );
    expect(asked).toEqual([
      'GET /workflows b',
      'GET /workflows/ns/w b',
      'POST /workflows/ns/w/preview b',
      'POST /runs b',
      'GET /runs b',
      'GET /runs/ns/r b',
      'DELETE /runs/ns/r b',
      'POST /runs/ns/r/rerun b',
      'GET /runs/ns/r/logs b',
      'GET /runs/ns/r/logs/stream b',
      'GET /schedules b',
      'POST /schedules b',
    ]);
  });
});
