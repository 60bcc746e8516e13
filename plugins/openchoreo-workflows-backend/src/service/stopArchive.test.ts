/*
 * A stop's outcome in the archive, end to end: two replicas on one database
 * watch a real (local) control plane; one stops a running run, OpenChoreo's
 * finalizer holds its deletion (a MODIFIED with deletionTimestamp) and then
 * lets it go (DELETED, carrying the last live status: Running). Whatever
 * order the replicas archive those in, the run stays Failed / Stopped /
 * "Stopped by …", and each change is still written once.
 */
import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { countArchiveWrites, until } from '../__testUtils__/archiveWrites';
import {
  API,
  kubeconfigCluster,
  startWorkflowsBackend,
  WorkflowsBackend,
} from '../__testUtils__/backend';
import { DATABASE_IDS, missedDatabases } from '../__testUtils__/databases';

jest.setTimeout(600_000);

const databases = TestDatabases.create({ ids: DATABASE_IDS });
const ran = new Set<string>();
const jane = 'user:default/jane';

describe('a stopped run in the archive, with two replicas', () => {
  let local: TestLocalControlPlane;
  let kubeconfig: string;

  beforeAll(async () => {
    // Steps long enough that the run is still running when it is stopped.
    local = await startTestLocalControlPlane({
      stepSeconds: 600,
      retrySeconds: 1,
    });
    kubeconfig = local.kubeconfigPath;
  });

  afterAll(async () => {
    await local?.stop();
  });

  it.each(databases.eachSupportedId())(
    'keeps Failed / Stopped / "Stopped by" over the deletion\'s versions on %p',
    async (id: TestDatabaseId) => {
      ran.add(id);
      const knex = await databases.init(id);
      const { attempts, writes } = countArchiveWrites(knex);
      const replicas: WorkflowsBackend[] = [];
      try {
        for (const _ of [0, 1])
          replicas.push(
            await startWorkflowsBackend(
              { clusters: [kubeconfigCluster(kubeconfig)] },
              { features: [mockServices.database.factory({ knex })] },
            ),
          );
        const auth = mockCredentials.user.header(jane);
        const launched = await request(replicas[0].server)
          .post(`${API}/runs`)
          .set('Authorization', auth)
          .send({
            namespace: 'default',
            name: `stop-${id.toLowerCase().replace('_', '-')}`,
            workflow: { kind: 'ClusterWorkflow', name: 'database-migration' },
            parameters: { database: 'postgres://db/orders' },
          })
          .expect(201);
        const { uid, name } = launched.body;
        await until(
          async () =>
            (await knex('ocw_runs').where({ uid }).first())?.phase ===
            'Running',
          'the run to be archived as Running',
        );

        const stopped = await request(replicas[1].server)
          .delete(`${API}/runs/default/${name}`)
          .set('Authorization', auth)
          .expect(200);
        const outcome = {
          phase: 'Failed',
          reason: 'Stopped',
          message: `Stopped by ${jane}`,
        };
        expect(stopped.body).toMatchObject(outcome);
        // Both replicas archive the deletion (the row records it once).
        const deletions = () =>
          [...attempts]
            .filter(([k]) => k.startsWith(`${uid}@`) && k.endsWith(' deleted'))
            .reduce((n, [, count]) => n + count, 0);
        await until(
          () => deletions() === 2,
          'both replicas to archive the deletion',
        );

        const row = await knex('ocw_runs').where({ uid }).first();
        expect(row.deleted_at).not.toBeNull();
        expect(row.stopped_by).toBe(jane);
        expect(row.phase).toBe('Failed');
        expect(JSON.parse(row.detail)).toMatchObject(outcome);
        expect(JSON.parse(row.summary)).toMatchObject({
          phase: 'Failed',
          reason: 'Stopped',
        });
        for (const replica of replicas) {
          const got = await request(replica.server)
            .get(`${API}/runs/default/${name}`)
            .set('Authorization', auth)
            .expect(200);
          expect(got.body).toMatchObject({ ...outcome, archived: true });
        }
        const ofRun = [...writes].filter(([k]) => k.startsWith(`${uid}@`));
        expect(ofRun.filter(([, count]) => count !== 1)).toEqual([]);
        expect(ofRun.filter(([k]) => k.endsWith(' stopped'))).toHaveLength(1);
        expect(ofRun.filter(([k]) => k.endsWith(' deleted'))).toHaveLength(1);
      } finally {
        await Promise.all(replicas.map(r => r.stop()));
      }
    },
  );

  it('ran on every database it should have', () => {
    expect(missedDatabases(ran)).toEqual([]);
  });
});
