/*
 * A cluster's configured `namespaces` bound every write, whatever the
 * permission policy allows: a launch, re-run or stop of a run outside them is
 * a 400 naming `namespace`, refused before anything reaches the API server
 * (here one that does not answer). Over HTTP: permissionMatrix.test.ts.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  WorkflowResource,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { RunArchive } from '../database/RunArchive';
import { toRunDetail } from './convert';
import { RunDiagnoses } from './diagnosis';
import { LaunchValidationError } from './errors';
import { RunLauncher } from './RunLauncher';
import { RunQueries } from './RunQueries';
import { RunStopper } from './RunStopper';
import { WorkflowService } from './WorkflowService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const OUTSIDE =
  "'default' is not one of the namespaces cluster 'c1' is configured for (team-a, team-b)";

const run = (name: string): WorkflowRunResource =>
  ({
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'WorkflowRun',
    metadata: {
      namespace: 'default',
      name,
      uid: `uid-${name}`,
      resourceVersion: '5',
      creationTimestamp: '2026-11-27T10:00:00Z',
    },
    spec: { workflow: { kind: 'ClusterWorkflow', name: 'migrate' } },
  } as WorkflowRunResource);

describe("a cluster's configured namespaces", () => {
  let cluster: ClusterState;
  let archive: RunArchive;
  let launcher: RunLauncher;
  let stopper: RunStopper;

  beforeEach(async () => {
    archive = await RunArchive.forKnex(await databases.init('SQLITE_3'));
    cluster = new ClusterState(
      {
        name: 'c1',
        connection: {
          authProvider: 'serviceAccount',
          url: 'https://127.0.0.1:9',
          serviceAccountToken: 'unused',
        },
        namespaces: ['team-a', 'team-b'],
      },
      mockServices.logger.mock(),
    );
    cluster.clusterWorkflows.upsertLocal({
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'ClusterWorkflow',
      metadata: { name: 'migrate', resourceVersion: '1' },
      spec: {},
    } as WorkflowResource);
    const logger = mockServices.logger.mock();
    // Nothing is evaluated: each write is refused before.
    const diagnoses = new RunDiagnoses(undefined as never, logger);
    const runs = new RunQueries({ archive, diagnoses });
    launcher = new RunLauncher({
      workflows: new WorkflowService(undefined as never, undefined as never),
      archive,
      evaluator: undefined as never,
      diagnoses,
      runs,
    });
    stopper = new RunStopper({ archive, runs });
  });

  const refusal = (e: unknown) => [
    e instanceof LaunchValidationError && e.fieldErrors,
  ];

  it('refuses a launch of a ClusterWorkflow into another namespace', async () => {
    const e = await launcher
      .launch(
        cluster,
        {
          namespace: 'default',
          workflow: { kind: 'ClusterWorkflow', name: 'migrate' },
        },
        'user:default/jane',
      )
      .catch(x => x);
    expect(refusal(e)).toEqual([[{ path: 'namespace', message: OUTSIDE }]]);
  });

  it('refuses to re-run an archived run of another namespace', async () => {
    await archive.upsertRun(toRunDetail('c1', run('old')));
    const e = await launcher
      .rerun(cluster, 'default', 'old', undefined, 'user:default/jane')
      .catch(x => x);
    expect(refusal(e)).toEqual([[{ path: 'namespace', message: OUTSIDE }]]);
  });

  it('refuses to stop a run of another namespace, deleting nothing', async () => {
    cluster.runs.upsertLocal(run('r1'));
    let readLogs = false;
    const e = await stopper
      .stop(cluster, 'default', 'r1', 'user:default/jane', async () => {
        readLogs = true;
      })
      .catch(x => x);
    expect([e.name, e.message, readLogs]).toEqual([
      'InputError',
      `namespace: ${OUTSIDE}`,
      false,
    ]);
    expect(await archive.getRun('c1', 'default', 'r1')).toBeUndefined();
  });
});
