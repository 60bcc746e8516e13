/*
 * One idempotency key sent concurrently (issue 12): two replicas (backends of
 * their own, each with its own cache) on one database and one control plane.
 * The key is claimed in the database before the run is created, so that of
 * concurrent launches with one key by one launcher at most one run is
 * created: copies of the winning launch get its run, other launches a 409 on
 * idempotencyKey. A launch whose create failed gives its claim up.
 */
import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import request from 'supertest';
import { API } from '../__testUtils__/backend';
import { suiteDatabases } from '../__testUtils__/databases';
import {
  localControlPlaneForSuite,
  withReplicas as withReplicasOn,
} from '../__testUtils__/replicaSuite';
import { ANNOTATION_IDEMPOTENCY_KEY } from '../cluster/labels';

jest.setTimeout(180_000);

const databases = suiteDatabases();

const build = { kind: 'ClusterWorkflow', name: 'cloud-database-provision' };
const parameters = { database: { name: 'orders-db' }, network: { vpc: 'v' } };
const other = { kind: 'ClusterWorkflow', name: 'database-migration' };
const otherParameters = { database: 'postgres://db/orders' };

describe('one idempotency key sent concurrently, to two replicas', () => {
  const local = localControlPlaneForSuite({
    stepSeconds: 0.1,
    retrySeconds: 1,
  });

  /** Runs in the cluster launched with `key`. */
  const runsWithKey = (key: string) => {
    const { store } = local().plane;
    return store
      .all(store.registry.get('openchoreo.dev', 'workflowruns'))
      .filter(
        (r: any) =>
          r.metadata.annotations?.[ANNOTATION_IDEMPOTENCY_KEY] === key,
      )
      .map((r: any) => r.metadata.name);
  };

  /** Two replicas on the database `id`; `launch(i, body)` posts a launch by jane to replica i % 2. */
  async function withReplicas(
    id: TestDatabaseId,
    test: (
      launch: (i: number, body: Record<string, unknown>) => request.Test,
    ) => Promise<void>,
  ) {
    const knex = await databases.init(id);
    await withReplicasOn(knex, local(), 2, ({ servers }) =>
      test((i, body) =>
        request(servers[i % 2])
          .post(`${API}/runs`)
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/jane'),
          )
          .send({ namespace: 'default', ...body }),
      ),
    );
  }

  it.each(databases.ids)(
    'creates one run for launches with different run names: the others get a 409 on idempotencyKey, on %p',
    id =>
      withReplicas(id, async launch => {
        const key = `names-${id}`;
        const answers = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            launch(i, {
              name: `names-${id.toLowerCase().replace('_', '-')}-${i}`,
              workflow: build,
              parameters,
              idempotencyKey: key,
            }),
          ),
        );
        const statuses = answers.map(a => a.status).sort();
        expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
        const winner = answers.find(a => a.status === 201)!;
        expect(runsWithKey(key)).toEqual([winner.body.name]);
        expect(
          answers.filter(a => a.status === 409).map(a => a.body.fieldErrors),
        ).toEqual(
          Array(7).fill([
            {
              path: 'idempotencyKey',
              message: `was used for another launch (run default/${winner.body.name}); use a new key`,
            },
          ]),
        );
      }),
  );

  it.each(databases.ids)(
    "creates one run for launches of different workflows: copies of the winner's launch get its run, on %p",
    id =>
      withReplicas(id, async launch => {
        const key = `workflows-${id}`;
        const bodies = [
          { workflow: build, parameters },
          { workflow: other, parameters: otherParameters },
        ];
        const answers = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            launch(i, { ...bodies[i % 2], idempotencyKey: key }),
          ),
        );
        const created = answers.filter(a => a.status === 201);
        expect(created).toHaveLength(1);
        const won = created[0].body;
        expect(runsWithKey(key)).toEqual([won.name]);
        // Copies of the winner's launch get its run; the other workflow's launches a 409.
        const expected = answers.map((a, i) => {
          if (a === created[0]) return { status: 201, uid: won.uid };
          return bodies[i % 2].workflow.name === won.workflow.name
            ? { status: 200, uid: won.uid }
            : { status: 409, path: 'idempotencyKey' };
        });
        expect(
          answers.map(a =>
            a.status === 409
              ? { status: 409, path: a.body.fieldErrors?.[0]?.path }
              : { status: a.status, uid: a.body.uid },
          ),
        ).toEqual(expected);
      }),
  );

  it.each(databases.ids)(
    'gives up the claim of a launch whose create failed, so that a retry succeeds, on %p',
    id =>
      withReplicas(id, async launch => {
        const key = `release-${id}`;
        const taken = `taken-${id.toLowerCase().replace('_', '-')}`;
        await launch(0, { name: taken, workflow: build, parameters }).expect(
          201,
        );
        const refused = await launch(1, {
          name: taken,
          workflow: other,
          parameters: otherParameters,
          idempotencyKey: key,
        }).expect(409);
        expect(refused.body.fieldErrors[0].path).toBe('name');
        // Nothing was created with the key, and it is free again.
        expect(runsWithKey(key)).toEqual([]);
        const retried = await launch(0, {
          name: `${taken}-2`,
          workflow: other,
          parameters: otherParameters,
          idempotencyKey: key,
        }).expect(201);
        expect(runsWithKey(key)).toEqual([retried.body.name]);
      }),
  );

  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    expect(databases.missed()).toEqual([]);
  });
});
