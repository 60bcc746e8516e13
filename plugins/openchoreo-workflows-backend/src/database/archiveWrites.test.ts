/*
 * One archive write per change (issue 13): every replica archives every change
 * its cache sees (the launching replica its own create, the others the
 * watch's ADDED; a replica that starts later its re-list), and all of them
 * write to one database. Each (run uid, resourceVersion) is written once: the
 * first write wins, the others are refused by the archive's guard; the
 * deletion is written once more, and once only.
 */
import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import {
  deriveRunStatus,
  isTerminalPhase,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import request from 'supertest';
import { API } from '../__testUtils__/backend';
import { countArchiveWrites, until } from '../__testUtils__/archiveWrites';
import { suiteDatabases } from '../__testUtils__/databases';
import { workflowRunType } from '../__testUtils__/localRuns';
import {
  localControlPlaneForSuite,
  withReplicas,
} from '../__testUtils__/replicaSuite';

jest.setTimeout(600_000);

const databases = suiteDatabases();

describe('one archive write per change, whatever the replicas', () => {
  const local = localControlPlaneForSuite({
    stepSeconds: 0.1,
    retrySeconds: 1,
  });

  const stored = (name: string) => {
    const lcp = local().plane;
    return lcp.store.get(workflowRunType(lcp), 'default', name) as any;
  };
  /** Whether both replicas have sent every run's current version. */
  const archivedByBoth = (attempts: Map<string, number>) => {
    const lcp = local().plane;
    return lcp.store
      .list(workflowRunType(lcp))
      .items.every(
        run =>
          (attempts.get(
            `${run.metadata.uid}@${run.metadata.resourceVersion}`,
          ) ?? 0) >= 2,
      );
  };

  it.each(databases.ids)(
    'writes a launch, each status change and the deletion once, with two replicas and a third started later, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      const { attempts, writes } = countArchiveWrites(knex);
      await withReplicas(knex, local(), 2, async replicas => {
        // Each replica's archive queue keeps only a run's latest change while
        // it writes: wait until both have written the runs already in the
        // cluster (the seeded history), so the launch finds them idle.
        await until(
          () => archivedByBoth(attempts),
          'the existing runs archived',
        );
        const name = `writes-${id.toLowerCase().replace('_', '-')}`;
        const launched = await request(replicas.servers[0])
          .post(`${API}/runs`)
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/jane'),
          )
          .send({
            namespace: 'default',
            name,
            workflow: { kind: 'ClusterWorkflow', name: 'database-migration' },
            parameters: { database: 'postgres://db/orders' },
          })
          .expect(201);
        const uid = launched.body.uid as string;
        // The create's version is the run's first: by now the controller may
        // have changed the run already, so it is not what the store holds.
        const versionsSent = () =>
          [...attempts.keys()]
            .filter(k => k.startsWith(`${uid}@`) && !k.includes(' '))
            .map(k => Number(k.slice(uid.length + 1)));
        await until(() => versionsSent().length > 0, 'the launch archived');
        const launchedRv = String(Math.min(...versionsSent()));
        // Both replicas archive the launch: the launcher from its create, the other from the watch.
        await until(
          () => attempts.get(`${uid}@${launchedRv}`) === 2,
          'both replicas to archive the launch',
        );
        // The controller runs it to the end: each replica archives what it saw of it.
        await until(
          () => isTerminalPhase(deriveRunStatus(stored(name)).phase),
          'the run to finish',
        );
        const finalRv = stored(name).metadata.resourceVersion;
        const finalPhase = deriveRunStatus(stored(name)).phase;
        await until(
          () => attempts.get(`${uid}@${finalRv}`) === 2,
          'both replicas to archive the last status',
        );
        // A replica started now lists the finished run and archives it again.
        await replicas.start();
        await until(
          () => attempts.get(`${uid}@${finalRv}`) === 3,
          'the third replica to archive its list',
        );
        // OpenChoreo deletes it (its TTL): every replica archives the deletion.
        const lcp = local().plane;
        lcp.store.delete(workflowRunType(lcp), 'default', name);
        const deletions = () =>
          [...attempts]
            .filter(([k]) => k.startsWith(uid) && k.endsWith(' deleted'))
            .reduce((n, [, count]) => n + count, 0);
        await until(() => deletions() === 3, 'three deletions archived');

        const ofRun = [...writes].filter(([k]) => k.startsWith(`${uid}@`));
        expect(ofRun.filter(([, count]) => count !== 1)).toEqual([]);
        expect(ofRun.map(([k]) => k)).toEqual(
          expect.arrayContaining([`${uid}@${launchedRv}`, `${uid}@${finalRv}`]),
        );
        expect(ofRun.filter(([k]) => k.endsWith(' deleted'))).toHaveLength(1);
        // Some changes were seen by several replicas: the test counted refused copies.
        const sent = [...attempts]
          .filter(([k]) => k.startsWith(`${uid}@`))
          .reduce((n, [, count]) => n + count, 0);
        expect(sent).toBeGreaterThan(ofRun.length);
        const row = await knex('ocw_runs').where({ uid }).first();
        expect(row.deleted_at).not.toBeNull();
        expect(JSON.parse(row.detail).phase).toBe(finalPhase);
      });
    },
  );

  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    expect(databases.missed()).toEqual([]);
  });
});
