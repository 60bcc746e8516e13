/*
 * Property test: random CEL templates and `pattern`s, in Workflows served by
 * the local control plane, into preview through the backend's router: no
 * crash and no 5xx; an evaluation past the deadline is a 422 that says so.
 * Seeded (FC_SEED overrides); fast-check prints the seed and path of a failure.
 */
import { startTestBackend, mockServices } from '@backstage/backend-test-utils';
import {
  LocalControlPlane,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  eventually,
  waitForBackendReady,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { openchoreoWorkflowsPlugin } from '../plugin';
import { schemaPattern, template } from '../__testUtils__/celArbitraries';

jest.setTimeout(600_000);

const API = '/api/openchoreo-workflows';
const SEED = Number(process.env.FC_SEED ?? 20261130);

const workflowCase = fc.record({
  label: template,
  value: template,
  key: template,
  pattern: schemaPattern,
  text: fc.string({ maxLength: 40, unit: 'grapheme' }),
  // Half the time absent: its pattern is then not applied and the templates render.
  checked: fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('aaaa', 'MAIN', 'xxy', 'é') },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) },
  ),
});

type WorkflowCase = typeof workflowCase extends fc.Arbitrary<infer T>
  ? T
  : never;

function fuzzWorkflow(name: string, c: WorkflowCase): any {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default' },
    spec: {
      parameters: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            text: { type: 'string' },
            checked: { type: 'string', pattern: c.pattern },
          },
        },
      },
      runTemplate: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: {
          name: '${metadata.workflowRunName}',
          namespace: '${metadata.namespace}',
          labels: { fuzz: c.label, [c.key]: 'v' },
        },
        spec: { arguments: { parameters: [{ name: 'p', value: c.value }] } },
      },
    },
  };
}

describe('preview of random CEL templates and patterns', () => {
  let lcp: LocalControlPlane;
  let tmp: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-fuzz-'));
    lcp = await startLocalControlPlane({
      kubeconfigOut: path.join(tmp, 'kubeconfig'),
      manifests: [],
    });
    backend = await startTestBackend({
      features: [
        openchoreoWorkflowsPlugin,
        mockServices.rootConfig.factory({
          data: {
            openchoreoWorkflows: {
              clusters: [
                {
                  name: 'local',
                  authProvider: 'kubeconfig',
                  kubeconfigPath: path.join(tmp, 'kubeconfig'),
                },
              ],
              evaluation: { timeoutMs: 1000 },
            },
          },
        }),
      ],
    });
    await waitForBackendReady(backend.server);
  });

  afterAll(async () => {
    await backend?.stop();
    await lcp?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('never crashes nor answers 5xx; a 422 is a limit', async () => {
    const workflows = lcp.store.registry.get('openchoreo.dev', 'workflows');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(workflowCase, async c => {
        const name = `fuzz-${n++}`;
        lcp.store.create(workflows, fuzzWorkflow(name, c));
        const url = `${API}/workflows/default/${name}`;
        // The backend's watch cache sees the new Workflow within milliseconds.
        await eventually(
          async () => (await request(backend.server).get(url)).status !== 404,
          10_000,
          `the backend to serve the new Workflow ${name}`,
        );
        const res = await request(backend.server)
          .post(`${url}/preview`)
          .send({ parameters: { text: c.text, checked: c.checked } });
        // A preview answers 200 (with errors or a renderError), or 422 when it hit a limit.
        expect([res.status, res.body.error?.name]).toEqual(
          res.status === 422 ? [422, 'EvaluationLimitError'] : [200, undefined],
        );
      }),
      { seed: SEED, numRuns: 300, endOnFailure: true },
    );
  });
});
