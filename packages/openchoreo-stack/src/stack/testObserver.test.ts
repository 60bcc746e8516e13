import {
  goToolBinary,
  RunningChild,
  startChildProcess,
} from '@openchoreo-workflows/test-apiserver';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The first call may build the stub gateway (seconds when the Go caches are warm).
const BUILD_TIMEOUT_MS = 20 * 60_000;

/** A kubeconfig the gateway loads; its observer never calls the cluster. */
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`;

let dir: string;
let gateway: RunningChild;
let url: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-test-observer-'));
  fs.writeFileSync(path.join(dir, 'kubeconfig'), KUBECONFIG);
  gateway = await startChildProcess({
    name: 'stub-gateway',
    command: await goToolBinary('stub-gateway'),
    args: [
      '--kubeconfig',
      path.join(dir, 'kubeconfig'),
      '--exit-on-stdin-close',
    ],
    logPath: path.join(dir, 'gateway.log'),
    readyLine: /^ready (\S+)$/m,
    startTimeoutMs: 60_000,
  });
  url = gateway.readyMatch![1];
  const line = (run: string, task: string, at: string, log: string) => ({
    namespace: 'default',
    workflowRunName: run,
    taskName: task,
    podNamespace: 'workflows-default',
    podName: `${run}-${task}`,
    containerName: 'main',
    timestamp: at,
    log,
  });
  const fed = await post('/_stub/observer/logs', {
    logs: [
      line('run-1', 'fetch', '2026-05-01T10:00:00.100Z', 'starting step fetch'),
      line('run-1', 'fetch', '2026-05-01T10:00:01.200Z', 'fetched 128 records'),
      line('run-1', 'report', '2026-05-01T10:00:02.300Z', 'error: no data'),
      line('run-2', 'fetch', '2026-05-01T10:00:03.000Z', 'starting step fetch'),
    ],
  });
  if (fed.status !== 204)
    throw new Error(
      `feeding the observer: HTTP ${fed.status} ${await fed.text()}`,
    );
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await gateway?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function post(
  apiPath: string,
  body: unknown,
  contentType = 'application/json',
) {
  return fetch(`${url}${apiPath}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: JSON.stringify(body),
  });
}

const query = async (extra: object, scope: object = {}) => {
  const res = await post('/api/v1/logs/query', {
    startTime: '2026-05-01T00:00:00Z',
    endTime: '2026-05-02T00:00:00Z',
    searchScope: { namespace: 'default', workflowRunName: 'run-1', ...scope },
    ...extra,
  });
  return { status: res.status, body: await res.json() };
};

describe("the stub gateway's test observer (OpenChoreo's POST /api/v1/logs/query)", () => {
  it("answers a run's lines newest first by default, timestamps to the second", async () => {
    const { status, body } = await query({});
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 3 });
    expect(body.logs).toEqual([
      {
        timestamp: '2026-05-01T10:00:02Z',
        log: 'error: no data',
        level: 'ERROR',
      },
      {
        timestamp: '2026-05-01T10:00:01Z',
        log: 'fetched 128 records',
        level: 'INFO',
      },
      {
        timestamp: '2026-05-01T10:00:00Z',
        log: 'starting step fetch',
        level: 'INFO',
      },
    ]);
  });

  it('filters by task, time, phrase and level; sorts and limits', async () => {
    const lines = async (extra: object, scope: object = {}) =>
      (await query(extra, scope)).body.logs.map((l: any) => l.log);
    expect(await lines({ sortOrder: 'asc' }, { taskName: 'fetch' })).toEqual([
      'starting step fetch',
      'fetched 128 records',
    ]);
    expect(
      await lines({ startTime: '2026-05-01T10:00:01Z', sortOrder: 'asc' }),
    ).toEqual(['fetched 128 records', 'error: no data']);
    expect(await lines({ searchPhrase: 'RECORDS' })).toEqual([
      'fetched 128 records',
    ]);
    expect(await lines({ logLevels: ['ERROR'] })).toEqual(['error: no data']);
    const limited = await query({ limit: 1, sortOrder: 'asc' });
    expect(limited.body).toMatchObject({ total: 3 });
    expect(limited.body.logs.map((l: any) => l.log)).toEqual([
      'starting step fetch',
    ]);
    // Without workflowRunName the scope is a component's (OpenChoreo's oneOf): no lines here.
    const component = await post('/api/v1/logs/query', {
      startTime: '2026-05-01T00:00:00Z',
      endTime: '2026-05-02T00:00:00Z',
      searchScope: { namespace: 'default' },
    });
    expect(await component.json()).toMatchObject({ logs: [], total: 0 });
  });

  it("refuses what OpenChoreo's observer refuses, with its words", async () => {
    const error = (message: string) => ({
      status: 400,
      body: { title: 'badRequest', errorCode: '', message },
    });
    expect(await query({ startTime: undefined })).toEqual(
      error('startTime is required'),
    );
    expect(await query({ endTime: '2026-07-01T00:00:00Z' })).toEqual(
      error('query time range cannot exceed 30 days'),
    );
    expect(await query({ endTime: '2026-04-01T00:00:00Z' })).toEqual(
      error('endTime must be after startTime'),
    );
    expect(await query({ limit: 1001 })).toEqual(
      error('limit cannot exceed 1000'),
    );
    expect(await query({ sortOrder: 'up' })).toEqual(
      error("sortOrder must be either 'asc' or 'desc'"),
    );
    expect(await query({ logLevels: ['INFO', 'INFO'] })).toEqual(
      error("duplicate log level 'INFO' is not allowed"),
    );
    expect(await query({}, { namespace: ' ' })).toEqual(
      error('searchScope.namespace is required'),
    );
    const form = await post('/api/v1/logs/query', {}, 'text/plain');
    expect({ status: form.status, body: await form.json() }).toEqual(
      error('Invalid request format'),
    );
  });
});
