/*
 * 200 launches at once through the backend's HTTP API against the real
 * kube-apiserver, as clients that retry do: each client sends its launch
 * several times at once with one idempotency key, some drop their connection
 * mid-request (half the body sent, or the whole request sent and no answer
 * read), and every client retries with its key until it has an answer.
 * Afterwards there is exactly one WorkflowRun per key, and every answer a
 * client got names that run. Loopback only, bounded in requests and time.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import http from 'node:http';
import {
  ANNOTATION_IDEMPOTENCY_KEY,
  ANNOTATION_LAUNCHED_BY,
} from './cluster/labels';
import { namespacedStatsReport } from './__testUtils__/statsReport';
import { API, WorkflowsBackend } from './__testUtils__/backend';
import {
  REAL_API_SERVER_START_MS,
  RealApiServerBackend,
  startOnRealApiServer,
} from './__testUtils__/realApiServer';

jest.setTimeout(10 * 60_000);

const NS = 'concurrent';
const CLIENTS = 200;
/** Requests each client sends at once with its key. */
const REPLAYS = 3;
/** Most attempts of one client's retry loop (each a 429/503 or a dropped connection). */
const MAX_ATTEMPTS = 60;

type Drop = 'none' | 'mid-body' | 'after-request';
type Answer =
  | { kind: 'response'; status: number; body: any }
  | { kind: 'dropped' };

/**
 * One POST /runs over its own connection to 127.0.0.1. `drop` ends the
 * connection from the client side: after half the body, or once the whole
 * request is written (the server may still create the run).
 */
function launch(
  port: number,
  user: string,
  key: string,
  drop: Drop,
): Promise<Answer> {
  const body = Buffer.from(
    JSON.stringify({
      namespace: NS,
      workflow: { kind: 'Workflow', name: 'stats-report' },
      parameters: { source: { org: user.replace(/\W/g, '-') } },
      idempotencyKey: key,
    }),
  );
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `${API}/runs`,
      agent: false,
      headers: {
        authorization: mockCredentials.user.header(user),
        'content-type': 'application/json',
        'content-length': body.length,
      },
    });
    req.on('response', res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          kind: 'response',
          status: res.statusCode ?? 0,
          body: text ? JSON.parse(text) : undefined,
        });
      });
      res.on('error', reject);
    });
    // A dropped request ends in 'error' (socket hang up) or only in 'close'.
    req.on('error', error => {
      if (drop !== 'none') resolve({ kind: 'dropped' });
      else reject(error);
    });
    req.on('close', () => {
      if (drop !== 'none') resolve({ kind: 'dropped' });
    });
    if (drop === 'mid-body') {
      req.flushHeaders();
      req.write(body.subarray(0, body.length >> 1), () => req.destroy());
    } else if (drop === 'after-request') {
      req.end(body, () => req.destroy());
    } else {
      req.end(body);
    }
  });
}

/** Busy answers (the evaluation queues are full) and dropped connections are retried with the same key. */
const retryable = (a: Answer) =>
  a.kind === 'dropped' || a.status === 429 || a.status === 503;

interface Client {
  user: string;
  key: string;
  answers: Answer[];
}

/**
 * A client: its first REPLAYS requests at once (one of them dropped for some
 * clients), then one at a time until one is answered; a short, jittered
 * pause between attempts, as a client backs off.
 */
async function runClient(port: number, index: number): Promise<Client> {
  const client: Client = {
    user: `user:default/client-${index}`,
    key: `launch-${index}`,
    answers: [],
  };
  const drop: Drop = ['none', 'mid-body', 'after-request'][index % 3] as Drop;
  const first = await Promise.all(
    Array.from({ length: REPLAYS }, (_, i) =>
      launch(port, client.user, client.key, i === 0 ? drop : 'none'),
    ),
  );
  client.answers.push(...first);
  for (
    let attempt = 0;
    client.answers.every(retryable) && attempt < MAX_ATTEMPTS;
    attempt++
  ) {
    await new Promise(r => setTimeout(r, 50 + Math.random() * 200));
    client.answers.push(await launch(port, client.user, client.key, 'none'));
  }
  // And once more after its answer: the same run again, not a new one.
  client.answers.push(await launch(port, client.user, client.key, 'none'));
  return client;
}

describe(`${CLIENTS} concurrent launches with replayed keys and dropped connections, on the real kube-apiserver`, () => {
  let real: RealApiServerBackend;
  let backend: WorkflowsBackend;

  beforeAll(async () => {
    real = await startOnRealApiServer(
      kube => kube.create('workflows', namespacedStatsReport(NS)),
      { notifications: { enabled: false } },
    );
    backend = real.backend;
  }, REAL_API_SERVER_START_MS);

  afterAll(() => real?.stop());

  it('creates exactly one WorkflowRun per key, and every answer for a key names it', async () => {
    const port = (backend.server as unknown as { port(): number }).port();
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => runClient(port, i)),
    );

    // Every answer is a run, a busy answer or a dropped connection: nothing else.
    const statuses = new Map<string, number>();
    for (const a of clients.flatMap(c => c.answers)) {
      const s = a.kind === 'dropped' ? 'dropped' : String(a.status);
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    expect(
      [...statuses.keys()].filter(
        s => !['200', '201', '429', '503', 'dropped'].includes(s),
      ),
    ).toEqual([]);

    // Each client got its run, the same one in every answer, created once.
    const byKey = new Map<string, { name: string; uid?: string }>();
    for (const c of clients) {
      const runs = c.answers.flatMap(a =>
        a.kind === 'response' && (a.status === 200 || a.status === 201)
          ? [a]
          : [],
      );
      expect({ key: c.key, answered: runs.length > 0 }).toEqual({
        key: c.key,
        answered: true,
      });
      const names = new Set(runs.map(a => `${a.body.name}/${a.body.uid}`));
      expect({ key: c.key, runs: names.size }).toEqual({ key: c.key, runs: 1 });
      expect(
        runs.filter(a => a.kind === 'response' && a.status === 201).length,
      ).toBeLessThanOrEqual(1);
      expect(runs[0].body).toMatchObject({
        namespace: NS,
        launchedBy: c.user,
        workflow: { kind: 'Workflow', name: 'stats-report' },
      });
      byKey.set(c.key, { name: runs[0].body.name, uid: runs[0].body.uid });
    }

    // The cluster holds exactly those runs: one per key, by its launcher.
    const stored = (
      await real.kube.client.get(real.kube.path('workflowruns', NS), 'list')
    ).items as any[];
    expect(stored).toHaveLength(CLIENTS);
    const storedByKey = new Map(
      stored.map(r => [
        r.metadata.annotations[ANNOTATION_IDEMPOTENCY_KEY],
        {
          name: r.metadata.name,
          uid: r.metadata.uid,
          user: r.metadata.annotations[ANNOTATION_LAUNCHED_BY],
        },
      ]),
    );
    for (const c of clients) {
      expect(storedByKey.get(c.key)).toEqual({
        ...byKey.get(c.key),
        user: c.user,
      });
    }
    // The faults really happened: dropped connections, and keys answered twice.
    expect(statuses.get('dropped') ?? 0).toBeGreaterThan(0);
    expect(statuses.get('200') ?? 0).toBeGreaterThan(0);
  });
});
