import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// The integration test wires the real backend plugin the action calls.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import openchoreoWorkflowsPlugin from '@openchoreo-workflows/plugin-openchoreo-workflows-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  eventually,
  startTestLocalControlPlane,
  TestLocalControlPlane,
  waitForBackendReady,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleOpenChoreoWorkflows } from './module';

/*
 * The example template of the dev portal, run through the real scaffolder
 * backend, our action and our backend plugin, against the local control plane.
 */

jest.setTimeout(120_000);

const TEMPLATE_FILE = path.resolve(
  __dirname,
  '../../../examples/openchoreo-build-template/template.yaml',
);
const buildTemplate = parse(fs.readFileSync(TEMPLATE_FILE, 'utf8'));
const BUILD_REF = `template:default/${buildTemplate.metadata.name}`;

/** A template around the demo ClusterWorkflow that fails at `verify-schema`. */
const migrationTemplate = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'openchoreo-database-migration', namespace: 'default' },
  spec: {
    owner: 'user:guest',
    type: 'workflow',
    parameters: [
      { required: ['database'], properties: { database: { type: 'string' } } },
    ],
    steps: [
      {
        id: 'migrate',
        name: 'Migrate',
        action: 'openchoreo:workflow:run',
        input: {
          workflow: { kind: 'ClusterWorkflow', name: 'database-migration' },
          namespace: 'default',
          parameters: { database: '${{ parameters.database }}' },
          waitForCompletion: true,
          timeoutSeconds: 60,
        },
      },
    ],
  },
};

const USER = 'user:default/jane';
const auth = mockCredentials.user.header(USER);
const SCAFFOLDER = '/api/scaffolder/v2';
const buildValues = {
  repoUrl: 'https://github.com/acme/orders',
  branch: 'release-1',
  appPath: './service',
};

describe('example template through the scaffolder backend', () => {
  let local: TestLocalControlPlane;
  let server: any;

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ stepSeconds: 0.2 });
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleOpenChoreoWorkflows,
        openchoreoWorkflowsPlugin,
        catalogServiceMock.factory({
          entities: [buildTemplate, migrationTemplate],
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            openchoreoWorkflows: {
              clusters: [local.clusterConfig],
            },
          },
        }),
      ],
    });
    server = backend.server;
    // The backend's watch caches must have seen the demo workflows.
    await waitForBackendReady(server);
  });

  afterAll(() => local?.stop());

  const store = () => local.plane.store as any;
  const runsInApiServer = (): string[] =>
    store()
      .all(store().registry.get('openchoreo.dev', 'workflowruns'))
      .map((r: any) => `${r.metadata.namespace}/${r.metadata.name}`)
      .sort();
  /**
   * Argo Workflows that no WorkflowRun accounts for: what a dry run must not
   * create. (The controller renders the demo's seeded runs in the background,
   * so their Argo Workflows may appear at any time and do not count.)
   */
  const strayArgoWorkflows = (): string[] => {
    const runs = new Set(runsInApiServer());
    return store()
      .all(store().registry.get('argoproj.io', 'workflows'))
      .filter(
        (w: any) =>
          !runs.has(
            `${w.metadata.labels?.['openchoreo.dev/workflowrun-namespace']}/${w.metadata.labels?.['openchoreo.dev/workflowrun']}`,
          ),
      )
      .map((w: any) => `${w.metadata.namespace}/${w.metadata.name}`)
      .sort();
  };

  /** Creates a task from a catalog template and waits for it to finish. */
  async function runTask(templateRef: string, values: object) {
    const created = await request(server)
      .post(`${SCAFFOLDER}/tasks`)
      .set('Authorization', auth)
      .send({ templateRef, values });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const task = await eventually(async () => {
      const res = await request(server)
        .get(`${SCAFFOLDER}/tasks/${id}`)
        .set('Authorization', auth);
      return ['completed', 'failed', 'cancelled'].includes(res.body.status)
        ? res.body
        : undefined;
    }, 60_000);
    const events = await request(server)
      .get(`${SCAFFOLDER}/tasks/${id}/events`)
      .set('Authorization', auth)
      .expect(200);
    const completion = events.body.find((e: any) => e.type === 'completion');
    const log = events.body
      .filter((e: any) => e.type === 'log')
      .map((e: any) => e.body.message as string);
    return { status: task.status as string, completion: completion?.body, log };
  }

  it('dry-runs the example template: validates and previews, and creates nothing in the API server', async () => {
    const runsBefore = runsInApiServer();

    const res = await request(server)
      .post(`${SCAFFOLDER}/dry-run`)
      .set('Authorization', auth)
      .send({
        template: buildTemplate,
        values: buildValues,
        directoryContents: [],
      });
    expect(res.status).toBe(200);

    const messages: string[] = res.body.log.map((l: any) => l.body.message);
    const all = messages.join('\n');
    expect(all).toContain(
      'Dry run: Workflow default/generic-workflow-docker-build would run with these parameters',
    );
    expect(all).toContain('url: https://github.com/acme/orders');
    expect(all).toContain('branch: release-1');
    // The preview renders the Argo Workflow with the chosen values and the defaults.
    expect(all).toContain('kind: Workflow');
    expect(all).toContain('namespace: openchoreo-ci-default');
    expect(all).toContain('value: ./Dockerfile');
    expect(res.body.output.text[0].content).toContain('DryRun');
    expect(res.body.steps.map((s: any) => s.id)).toEqual(['build']);

    expect(runsInApiServer()).toEqual(runsBefore);
    expect(strayArgoWorkflows()).toEqual([]);
  });

  it('a dry run with invalid values fails on validation, still creating nothing', async () => {
    const runsBefore = runsInApiServer();
    const res = await request(server)
      .post(`${SCAFFOLDER}/dry-run`)
      .set('Authorization', auth)
      .send({
        template: migrationTemplate,
        values: { database: '' }, // the ClusterWorkflow requires minLength 1
        directoryContents: [],
      });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message:
        'Invalid parameters for ClusterWorkflow database-migration:\n  database: must be at least 1 character long',
    });
    expect(runsInApiServer()).toEqual(runsBefore);
  });

  it('passes a whole object parameter (as the OpenChoreoWorkflowParameters field gives it) through', async () => {
    const template = {
      ...migrationTemplate,
      metadata: { name: 'object-parameters', namespace: 'default' },
      spec: {
        ...migrationTemplate.spec,
        parameters: [{ properties: { migration: { type: 'object' } } }],
        steps: [
          {
            ...migrationTemplate.spec.steps[0],
            input: {
              ...migrationTemplate.spec.steps[0].input,
              parameters: '${{ parameters.migration }}',
            },
          },
        ],
      },
    };
    const res = await request(server)
      .post(`${SCAFFOLDER}/dry-run`)
      .set('Authorization', auth)
      .send({
        template,
        values: { migration: { database: 'postgres://db/orders', steps: 2 } },
        directoryContents: [],
      });
    expect(res.status).toBe(200);
    const all = res.body.log.map((l: any) => l.body.message).join('\n');
    expect(all).toContain('database: postgres://db/orders');
    expect(all).toContain('steps: 2');
  });

  it('runs the example template as a task: launches one run, waits, and outputs the pushed image', async () => {
    const runsBefore = runsInApiServer();

    const { status, completion, log } = await runTask(BUILD_REF, buildValues);
    expect(completion.error).toBeUndefined();
    expect(status).toBe('completed');

    // Exactly one run was created, in the API server, for the container build.
    const created = runsInApiServer().filter(r => !runsBefore.includes(r));
    expect(created).toHaveLength(1);
    const [runNamespace, runName] = created[0].split('/');
    const run = store().get(
      store().registry.get('openchoreo.dev', 'workflowruns'),
      runNamespace,
      runName,
    );
    expect(run.spec.workflow).toMatchObject({
      name: 'generic-workflow-docker-build',
      parameters: {
        repository: {
          url: 'https://github.com/acme/orders',
          revision: { branch: 'release-1' },
          appPath: './service',
        },
        // Left at their defaults: OpenChoreo defaults them below the object kept.
        docker: {},
      },
    });

    // The image the simulated push step produced, read from the Argo Workflow itself.
    const argo = store().get(
      store().registry.get('argoproj.io', 'workflows'),
      'openchoreo-ci-default',
      runName,
    );
    const pushNode: any = Object.values(argo.status.nodes).find(
      (n: any) => n.type === 'Pod' && n.displayName === 'push-step',
    );
    const image = pushNode.outputs.parameters.find(
      (p: any) => p.name === 'image',
    ).value;
    expect(image).toMatch(/generic-workflow-image/);

    // The template's output: link to the run page, and the image in the text.
    const output = completion.output;
    expect(output.links).toEqual([
      {
        title: 'Open the workflow run',
        url: `http://localhost:3000/openchoreo-workflows/runs/default/${runName}`,
      },
    ]);
    const text = output.text[0].content as string;
    expect(text).toContain(
      `Run **${runName}** in namespace \`default\`: Succeeded`,
    );
    expect(text).toContain(`Image: \`${image}\``);
    expect(text).toMatch(/Revision: `[0-9a-f]{8}`/);

    // The task log followed the run's steps and logs.
    const joined = log.join('\n');
    expect(joined).toContain(`Launched default/${runName}`);
    for (const step of ['clone-step', 'build-step', 'push-step']) {
      expect(joined).toContain(`step ${step}: Succeeded`);
    }
    expect(joined).toContain('[clone-step]');
    expect(joined).toContain(`default/${runName} succeeded`);
    // Read by offset, every line of every step is printed once, in order.
    const whole = await request(server)
      .get(`/api/openchoreo-workflows/runs/default/${runName}/logs`)
      .set('Authorization', auth)
      .expect(200);
    expect(whole.body.lines.length).toBeGreaterThan(0);
    for (const step of ['clone-step', 'build-step', 'push-step']) {
      const printed = log
        .filter((l: string) => l.includes(`[${step}] `))
        .map((l: string) => l.slice(l.indexOf(`[${step}] `)));
      expect(printed).toEqual(
        whole.body.lines
          .filter((l: any) => l.task === step)
          .map((l: any) => `[${step}] ${l.text}`),
      );
    }

    // The backend reports the same run and outputs, launched on behalf of the initiator.
    const detail = await request(server)
      .get(`/api/openchoreo-workflows/runs/default/${runName}`)
      .set('Authorization', auth)
      .expect(200);
    expect(detail.body.phase).toBe('Succeeded');
    expect(detail.body.outputs['push-step.image']).toBe(image);
    expect(detail.body.launchedBy).toBe(USER);
  });

  it('fails the task with the failed step’s message when the run fails', async () => {
    const runsBefore = runsInApiServer();
    const { status, completion, log } = await runTask(
      'template:default/openchoreo-database-migration',
      { database: 'postgres://orders-db:5432/orders' },
    );
    expect(status).toBe('failed');
    expect(completion.error.message).toMatch(
      /failed at step verify-schema: Error \(exit code 1\): schema verification failed: table "orders" is missing column "customer_id"/,
    );
    const created = runsInApiServer().filter(r => !runsBefore.includes(r));
    expect(created).toHaveLength(1);
    const joined = log.join('\n');
    expect(joined).toContain('step backup: Succeeded');
    expect(joined).toContain('step verify-schema: Failed');
    expect(joined).not.toContain('step notify: Succeeded');
  });
});
