/*
 * A live step's log stream from an offset (issue 13): the step's archive
 * holds a long log, the stream opened with `offset=-100` sends the last 100
 * lines, then the pod's new lines, reading only the chunks that hold them
 * (counted as chunk rows fetched, from knex's own events), never the whole log.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { API, startWorkflowsBackend } from '../__testUtils__/backend';
import { countChunkRows, longLog } from '../__testUtils__/logArchive';
import { launchDockerBuild } from '../__testUtils__/localRuns';
import { openSse } from '../__testUtils__/sse';
import { RunArchive } from '../database/RunArchive';

jest.setTimeout(120_000);

const LINES = 100_000;
const TASK = 'push-step';

describe('a log stream from an offset (router, local control plane, SQLite)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let local: TestLocalControlPlane;
  let server: any;
  let knex: Knex;
  let name: string;

  beforeAll(async () => {
    // push-step, the last step, starts seconds after the launch.
    local = await startTestLocalControlPlane({ stepSeconds: 1 });
    knex = await databases.init('SQLITE_3');
    const backend = await startWorkflowsBackend(
      { clusters: [local.clusterConfig] },
      { features: [mockServices.database.factory({ knex })] },
    );
    server = backend.server;
  });

  afterAll(() => local?.stop());

  it('sends the lines from the offset, then follows the pod, reading only the chunks it needs', async () => {
    name = await launchDockerBuild(
      server,
      'https://github.com/openchoreo/stream-from',
    );
    const { body: run } = await request(server)
      .get(`${API}/runs/default/${name}`)
      .expect(200);
    const archive = await RunArchive.forKnex(knex);
    // 500 lines a second before the run started (a last second of more than a
    // chunk makes the stored tail reach back: see storedTail.test.ts).
    const all = longLog(TASK, LINES, Date.UTC(2026, 0, 1), 'seeded');
    await archive.saveLogs(
      {
        cluster: local.clusterConfig.name as string,
        namespace: 'default',
        name,
        uid: run.uid,
        task: TASK,
      },
      all,
      false,
    );
    const fetched = countChunkRows(knex);

    const { events, done } = openSse(
      server,
      `${API}/runs/default/${name}/logs/stream?task=${TASK}&offset=-100`,
    );
    await done;
    const during = fetched.rows;

    const start = events.find(e => e.event === 'start');
    expect(start?.data).toEqual({
      task: TASK,
      offset: LINES - 100,
      total: LINES,
    });
    // `start` comes before any line.
    expect(events.findIndex(e => e.event === 'line')).toBeGreaterThan(
      events.indexOf(start!),
    );
    const lines = events.filter(e => e.event === 'line').map(e => e.data);
    expect(lines.slice(0, 100)).toEqual(all.slice(-100));
    // Then the pod's lines, each once: the whole log from the offset on.
    expect(lines.length).toBeGreaterThan(100);
    const window = await request(server)
      .get(
        `${API}/runs/default/${name}/logs?task=${TASK}&offset=${
          LINES - 100
        }&limit=5000`,
      )
      .expect(200);
    expect(window.body.complete).toBe(true);
    expect(lines).toEqual(window.body.lines);
    expect(events[events.length - 1].event).toBe('end');
    // The whole log is 100 chunks; the stream reads those of its window and
    // the tail, at its start and at its end.
    expect(during).toBeLessThanOrEqual(10);
  });

  it('requires task with offset', async () => {
    const res = await request(server)
      .get(`${API}/runs/default/${name}/logs/stream?offset=-100`)
      .expect(400);
    expect(res.body.error.message).toMatch(/task: is required with offset/);
  });
});
