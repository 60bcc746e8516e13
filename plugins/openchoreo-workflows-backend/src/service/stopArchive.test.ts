/*
 * A stop's outcome in the archive, end to end: two replicas on one database
 * watch a real (local) control plane; one stops a running run, OpenChoreo's
 * finalizer holds its deletion (a MODIFIED with deletionTimestamp) and then
 * lets it go (DELETED, carrying the last live status: Running). Whatever
 * order the replicas archive those in, the run stays Failed / Stopped /
 * "Stopped by …", and each change is still written once.
 */
import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import request from 'supertest';
import { countArchiveWrites, until } from '../__testUtils__/archiveWrites';
import { API } from '../__testUtils__/backend';
import { suiteDatabases } from '../__testUtils__/databases';
import {
  localControlPlaneForSuite,
  withReplicas,
} from '../__testUtils__/replicaSuite';

jest.setTimeout(600_000);

const databases = suiteDatabases();
const jane = 'user:default/jane';

describe('a stopped run in the archive, with two replicas', () => {
  // Steps long enough that the run is still running when it is stopped.
  const local = localControlPlaneForSuite({
    stepSeconds: 600,
    retrySeconds: 1,
  });

  it.each(databases.ids)(
    'keeps Failed / Stopped / "Stopped by" over the deletion\'s versions on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      const { attempts, writes } = countArchiveWrites(knex);
      await withReplicas(knex, local(), 2, async ({ servers }) => {
        const auth = mockCredentials.user.header(jane);
        const launched = await request(servers[0])
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

        const stopped = await request(servers[1])
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
        for (const server of servers) {
          const got = await request(server)
            .get(`${API}/runs/default/${name}`)
            .set('Authorization', auth)
            .expect(200);
          expect(got.body).toMatchObject({ ...outcome, archived: true });
        }
        const ofRun = [...writes].filter(([k]) => k.startsWith(`${uid}@`));
        expect(ofRun.filter(([, count]) => count !== 1)).toEqual([]);
        expect(ofRun.filter(([k]) => k.endsWith(' stopped'))).toHaveLength(1);
        expect(ofRun.filter(([k]) => k.endsWith(' deleted'))).toHaveLength(1);
      });
    },
  );

  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    expect(databases.missed()).toEqual([]);
  });
});
