import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { WorkflowRunResource } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { RunArchive } from '../database/RunArchive';
import { RunDiagnoses } from './diagnosis';
import { RunQueries } from './RunQueries';
import { RunStopper } from './RunStopper';
import { unstartedCluster } from '../__testUtils__/clusters';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('RunStopper.stop', () => {
  it('records nothing when the delete fails (the run goes on in the cluster)', async () => {
    const archive = await RunArchive.forKnex(await databases.init('SQLITE_3'));
    // A cluster whose API server does not answer: the delete fails.
    const cluster = unstartedCluster();
    cluster.runs.upsertLocal({
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'WorkflowRun',
      metadata: {
        namespace: 'default',
        name: 'r1',
        uid: 'uid-r1',
        resourceVersion: '5',
        creationTimestamp: '2026-11-27T10:00:00Z',
      },
      spec: { workflow: { kind: 'Workflow', name: 'build' } },
    } as WorkflowRunResource);
    const logger = mockServices.logger.mock();
    const stopper = new RunStopper({
      archive,
      // The run's workflow is unknown here, so nothing is evaluated.
      runs: new RunQueries({
        archive,
        diagnoses: new RunDiagnoses(undefined as never, logger),
      }),
    });
    let checked = false;
    await expect(
      stopper.stop(cluster, 'default', 'r1', 'user:default/jane', async () => {
        checked = true;
      }),
    ).rejects.toThrow();
    expect(checked).toBe(true);
    expect(await archive.getRun('c1', 'default', 'r1')).toBeUndefined();
  });
});
