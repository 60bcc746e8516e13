import { mockServices } from '@backstage/backend-test-utils';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '../testUtils/localControlPlane';
import { buildKubeConfig } from './kubeConfig';
import { KubeClient } from './KubeClient';

jest.setTimeout(60_000);

const RUNS = '/apis/openchoreo.dev/v1alpha1/namespaces/default/workflowruns';

const run = (name: string) => ({
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'WorkflowRun',
  metadata: { name, namespace: 'default' },
  spec: {
    workflow: {
      kind: 'Workflow',
      name: 'nightly-data-pipeline',
      parameters: {},
    },
  },
});

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the request to fail');
}

const errorId = (message: string) =>
  /\(error id ([0-9a-f]{8})\)$/.exec(message)?.[1];

describe('KubeClient errors', () => {
  let local: TestLocalControlPlane;
  let client: KubeClient;
  let url: URL;
  const logger = mockServices.logger.mock();
  const logged = () =>
    [...logger.warn.mock.calls, ...logger.debug.mock.calls].map(c =>
      String(c[0]),
    );

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ manifests: [] });
    url = new URL(local.plane.url);
    client = new KubeClient(
      buildKubeConfig({
        authProvider: 'kubeconfig',
        kubeconfig: local.plane.kubeconfig,
      }),
      { cluster: 'prod', logger },
    );
  });
  afterAll(() => local.stop());

  it('names the cluster and the resource of a refusal, keeps the class, logs the detail under the same id', async () => {
    await client.create(RUNS, run('twice'), 'create WorkflowRun default/twice');
    const e = await failure(
      client.create(RUNS, run('twice'), 'create WorkflowRun default/twice'),
    );
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toMatch(
      /^the OpenChoreo cluster 'prod' refused to create WorkflowRun default\/twice: workflowruns\.openchoreo\.dev "twice" already exists \(error id [0-9a-f]{8}\)$/,
    );
    const id = errorId(e.message)!;
    expect(logged().find(l => l.includes(id))).toContain(
      `${url.origin}${RUNS}`,
    );
  });

  it('answers 404 as NotFoundError (getOptional: undefined) with a verb for a noun', async () => {
    const e = await failure(
      client.get(`${RUNS}/missing`, 'WorkflowRun default/missing'),
    );
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.message).toContain(
      'the OpenChoreo cluster \'prod\' refused to read WorkflowRun default/missing: workflowruns.openchoreo.dev "missing" not found',
    );
    expect(
      await client.getOptional(
        `${RUNS}/missing`,
        'WorkflowRun default/missing',
      ),
    ).toBeUndefined();
  });

  it('never shows the API server URL, host or port when it cannot be reached', async () => {
    const stopped = await startTestLocalControlPlane({ manifests: [] });
    const gone = new KubeClient(
      buildKubeConfig({
        authProvider: 'kubeconfig',
        kubeconfig: stopped.plane.kubeconfig,
      }),
      { cluster: 'prod', logger },
    );
    const server = new URL(stopped.plane.url);
    await stopped.plane.stop();
    const e = await failure(
      gone.create(RUNS, run('x'), 'create WorkflowRun default/x'),
    );
    await stopped.stop();
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect(e.message).toMatch(
      /^the OpenChoreo cluster 'prod' cannot be reached to create WorkflowRun default\/x: connection refused \(error id [0-9a-f]{8}\)$/,
    );
    expect(e.message).not.toContain(server.hostname);
    expect(e.message).not.toContain(server.port);
    expect(JSON.stringify(e)).not.toContain(server.port);
    const id = errorId(e.message)!;
    expect(logged().find(l => l.includes(id))).toContain(server.origin);
  });
});
