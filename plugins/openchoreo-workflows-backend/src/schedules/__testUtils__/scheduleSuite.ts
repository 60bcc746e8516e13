/*
 * The common set-up of the schedules' database suites: the local control
 * plane, the suite's databases, plugin instances on them, and the hooks that
 * stop it all in the right order.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { ScheduleRequest } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import supertest from 'supertest';
import { Services } from '../../pluginServices';
import { API } from '../../__testUtils__/backend';
import { suiteDatabases } from '../../__testUtils__/databases';
import { StoredOwnerDecisions } from '../ownerDecisions';
import { allowedDecisions, scheduleInstances } from './scheduleInstances';

/** The owner of the schedules the suites create, unless they say otherwise. */
export const ALICE = 'user:default/alice';

/** The `Authorization` headers of Alice's and Bob's requests to the routes. */
export const AS_ALICE = mockCredentials.user.header(ALICE);
export const AS_BOB = mockCredentials.user.header('user:default/bob');

/** The control plane's workflow the suites schedule. */
export const PIPELINE = {
  kind: 'Workflow',
  name: 'nightly-data-pipeline',
} as const;

/**
 * Called in a suite's `describe`: `local()` the control plane (started in
 * `beforeAll`), `databases` (`ids` for `it.each`, `init`, `missed` for the
 * suite's last test), `instance(knex)` a plugin instance, `runsOf(id)` the
 * runs a schedule launched, `shutdown` more hooks to run at the end.
 */
export function scheduleSuite() {
  let local: TestLocalControlPlane;
  const shutdown: Array<() => unknown> = [];
  beforeAll(async () => {
    local = await startTestLocalControlPlane({ stepSeconds: 0.05 });
  });
  afterAll(async () => {
    for (const hook of shutdown.splice(0)) await hook();
    await local?.stop();
  });
  // IMPORTANT: the databases are created after the hook above, on purpose.
  // Jest runs afterAll hooks in the order they are declared, and
  // TestDatabases.create declares its own, which destroys the pools: created
  // first, it would destroy them while the backends still run, and an
  // archiver writing to a destroyed pool fails the run ("Cannot log after
  // tests are done", which makes an in-band Jest exit 1 on PostgreSQL).
  const databases = suiteDatabases();
  const { instance, runsOf } = scheduleInstances(() => local, shutdown);
  return { local: () => local, shutdown, databases, instance, runsOf };
}

/**
 * The pipeline in `services`' cluster, and `create`: a schedule of it, every
 * minute with `warehouse: bigquery`, Alice's, allowed (unless told otherwise).
 */
export function pipelineSchedules(services: Services) {
  const cluster = services.clusters.get('local');
  const workflow = services.workflows.get(
    cluster,
    PIPELINE.kind,
    'default',
    PIPELINE.name,
  );
  const create = (
    request: Partial<ScheduleRequest> = {},
    {
      owner = ALICE,
      decisions = allowedDecisions(),
    }: { owner?: string; decisions?: StoredOwnerDecisions } = {},
  ) =>
    services.schedules.create(
      cluster,
      workflow,
      {
        workflow: PIPELINE,
        namespace: 'default',
        parameters: { warehouse: 'bigquery' },
        cron: '* * * * *',
        ...request,
      },
      owner,
      decisions,
    );
  return { cluster, workflow, create };
}

/** Alice's yearly schedule of the workflow `name`, created through the route of `server`: its id. */
export async function aliceSchedulesYearly(
  server: any,
  name: string,
): Promise<string> {
  const created = await supertest(server)
    .post(`${API}/schedules`)
    .set('Authorization', AS_ALICE)
    .send({
      workflow: { kind: 'Workflow', name },
      namespace: 'default',
      parameters: { warehouse: 'bigquery' },
      cron: '0 0 1 1 *',
    })
    .expect(201);
  return created.body.id;
}
