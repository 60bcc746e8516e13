import { mockCredentials } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import {
  expensiveExpression,
  startTestLocalControlPlane,
  TestLocalControlPlane,
  workflowWith,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import {
  API,
  startWorkflowsBackend,
  WorkflowsBackend,
} from '../__testUtils__/backend';

jest.setTimeout(120_000);

/** 10^10 steps in constant memory: hours of CEL. */
const EXPENSIVE = expensiveExpression();
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

const workflow = (name: string, value: string, pattern = '^.*$') =>
  workflowWith(value, name, { pattern });

describe('evaluation off the event loop, with a deadline (backend over the local control plane)', () => {
  let local: TestLocalControlPlane;
  let lcp: TestLocalControlPlane['plane'];

  const startBackend = (evaluation: JsonObject) =>
    startWorkflowsBackend({ clusters: [local.clusterConfig], evaluation });

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ manifests: [] });
    lcp = local.plane;
    const workflows = lcp.store.registry.get('openchoreo.dev', 'workflows');
    lcp.store.create(workflows, workflow('hostile', `\${${EXPENSIVE}}`) as any);
    lcp.store.create(
      workflows,
      workflow('quick', "${parameters.text.replace('', '-')}") as any,
    );
    lcp.store.create(
      workflows,
      workflow('redos', '${parameters.text}', '^(a+)+$') as any,
    );
  });

  afterAll(() => local?.stop());

  describe('with a deadline of 1500 ms and two threads', () => {
    let backend: WorkflowsBackend;
    let server: any;
    beforeAll(async () => {
      backend = await startBackend({ timeoutMs: 1500, threads: 2 });
      server = backend.server;
    });
    afterAll(() => backend.stop());

    const preview = (name: string, user: string, parameters = {}) =>
      request(server)
        .post(`${API}/workflows/default/${name}/preview`)
        .set('Authorization', as(user))
        .send({ parameters });

    it('answers a hostile preview with a 422 naming the workflow, the expression and the limit, while /health, GET /runs and other previews answer', async () => {
      const finished: string[] = [];
      const track = <T>(label: string, p: PromiseLike<T>) =>
        Promise.resolve(p).then(r => {
          finished.push(label);
          return r;
        });
      const hostile = track('hostile', preview('hostile', 'mallory'));
      const [health, runs, quick] = await Promise.all([
        track('health', request(server).get(`${API}/health`)),
        track(
          'runs',
          request(server).get(`${API}/runs`).set('Authorization', as('alice')),
        ),
        track('quick', preview('quick', 'alice')),
      ]);
      expect(health.status).toBe(200);
      expect(runs.status).toBe(200);
      expect(quick.status).toBe(200);
      // Go's strings.Replace with an empty search string: around every rune.
      expect(quick.body.objects[0].spec.arguments.parameters[0].value).toBe(
        '-x-',
      );
      const answer = await hostile;
      // Everything else was answered before the hostile preview was.
      expect(finished).toHaveLength(4);
      expect(finished[3]).toBe('hostile');
      expect(answer.status).toBe(422);
      expect(answer.body.error.name).toBe('EvaluationLimitError');
      expect(answer.body.error.message).toBe(
        `rendering Workflow default/hostile took longer than 1500 ms (limit openchoreoWorkflows.evaluation.timeoutMs); check the expression \`${EXPENSIVE}\``,
      );
    });

    it('replaces the workers stopped at the deadline: the next preview works', async () => {
      const both = await Promise.all([
        preview('hostile', 'mallory'),
        preview('hostile', 'eve'),
      ]);
      expect(both.map(r => r.status)).toEqual([422, 422]);
      const next = await preview('quick', 'alice', { text: 'ab' });
      expect(next.status).toBe(200);
      expect(next.body.objects[0].spec.arguments.parameters[0].value).toBe(
        '-a-b-',
      );
    });

    it('validates a backtracking pattern at once (RE2)', async () => {
      const res = await preview('redos', 'alice', {
        text: `${'a'.repeat(50_000)}!`,
      });
      expect(res.status).toBe(200);
      expect(res.body.errors).toEqual([
        { path: 'text', message: 'must match the pattern ^(a+)+$' },
      ]);
    });

    it('refuses a hostile launch with the same 422 and creates nothing', async () => {
      const res = await request(server)
        .post(`${API}/runs`)
        .set('Authorization', as('mallory'))
        .send({
          namespace: 'default',
          workflow: { kind: 'Workflow', name: 'hostile' },
          parameters: {},
        });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toMatch(
        /^rendering Workflow default\/hostile took longer than 1500 ms/,
      );
      const runs = lcp.store.registry.get('openchoreo.dev', 'workflowruns');
      expect(lcp.store.all(runs)).toEqual([]);
    });

    it('answers 429 when one user floods, and keeps serving others', async () => {
      // One running and four waiting per user: the sixth and later are refused at once.
      const flood = Array.from({ length: 7 }, () =>
        preview('hostile', 'flood'),
      );
      const refused = await Promise.race(flood);
      expect(refused.status).toBe(429);
      expect(refused.body.error.message).toBe(
        'user:default/flood has 1 evaluations running and 4 waiting, the most allowed (openchoreoWorkflows.evaluation.perUserConcurrency 1, openchoreoWorkflows.evaluation.perUserQueue 4); try again when they finish',
      );
      const other = await preview('quick', 'alice');
      expect(other.status).toBe(200);
      const statuses = (await Promise.all(flood)).map(r => r.status).sort();
      expect(statuses).toEqual([422, 422, 422, 422, 422, 429, 429]);
    });
  });

  it('stops while a hostile preview runs, without waiting for its deadline', async () => {
    // The deadline (10 min) is far beyond this test's timeout (2 min).
    const backend = await startBackend({ timeoutMs: 600_000, threads: 1 });
    const hostile = request(backend.server)
      .post(`${API}/workflows/default/hostile/preview`)
      .send({ parameters: {} })
      .then(
        r => r.status,
        () => 'closed',
      );
    const health = await request(backend.server).get(`${API}/health`);
    expect(health.status).toBe(200);
    await backend.stop();
    expect([503, 'closed']).toContain(await hostile);
  });
});
