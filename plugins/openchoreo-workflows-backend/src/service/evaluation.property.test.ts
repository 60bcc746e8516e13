/*
 * Property test: random CEL templates and `pattern`s, in Workflows served by
 * the local control plane, into preview through the backend's router: no
 * crash and no 5xx; an evaluation past the deadline is a 422 that says so.
 * Seeded (FC_SEED overrides); fast-check prints the seed and path of a failure.
 */
import fc from 'fast-check';
import {
  argoArguments,
  v1Workflow,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common/testUtils';
import {
  eventually,
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { schemaPattern, template } from '../__testUtils__/celArbitraries';
import {
  API,
  startWorkflowsBackend,
  WorkflowsBackend,
} from '../__testUtils__/backend';

jest.setTimeout(600_000);

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
  return v1Workflow(
    {
      text: { type: 'string' },
      checked: { type: 'string', pattern: c.pattern },
    },
    argoArguments([{ name: 'p', value: c.value }]),
    { name, runMetadata: { labels: { fuzz: c.label, [c.key]: 'v' } } },
  );
}

describe('preview of random CEL templates and patterns', () => {
  let local: TestLocalControlPlane;
  let lcp: TestLocalControlPlane['plane'];
  let backend: WorkflowsBackend;

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ manifests: [] });
    lcp = local.plane;
    backend = await startWorkflowsBackend({
      clusters: [local.clusterConfig],
      evaluation: { timeoutMs: 1000 },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await local?.stop();
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
