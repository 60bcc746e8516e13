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

jest.setTimeout(600_000);

const API = '/api/openchoreo-workflows';
const SEED = Number(process.env.FC_SEED ?? 20261130);

const quote = (s: string) =>
  `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const PATTERNS = [
  '^(a+)+$',
  '(x+x+)+y',
  '(?i)^main$',
  '\\pL+',
  '[[:alpha:]]',
  '(?=a)',
  '(a)\\1',
  'a{1001}',
  '[',
  '\\',
  '.*',
  '',
];
const pattern = fc.oneof(
  fc.constantFrom(...PATTERNS),
  fc.string({ maxLength: 12 }),
);

const leaf = fc.oneof(
  fc.constantFrom(
    'parameters.text',
    'metadata.workflowRunName',
    'true',
    'null',
    '1.5',
    "''",
    "['a', 'b', '']",
    '[1, 2, 3]',
    "{'k': 'v'}",
    '9223372036854775807',
    '-9223372036854775808',
  ),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  fc.string({ maxLength: 8, unit: 'grapheme' }).map(quote),
);

/** CEL expressions built from the functions templates use (and some that do not exist). */
const { expression } = fc.letrec<{ expression: string }>(tie => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(tie('expression'), tie('expression'), tie('expression'), leaf)
      .chain(([a, b, c, n]) =>
        fc.constantFrom(
          `${a}.replace(${b}, ${c})`,
          `${a}.replace(${b}, ${c}, ${n})`,
          `${a}.split(${b})`,
          `${a}.split(${b}, ${n})`,
          `${a}.charAt(${n})`,
          `${a}.reverse()`,
          `${a}.indexOf(${b})`,
          `${a}.substring(${n})`,
          `${a}.join(${b})`,
          `${a}.lowerAscii()`,
          `size(${a})`,
          `string(${a})`,
          `int(${a})`,
          `${a} + ${b}`,
          `${a} * ${b}`,
          `${a} / ${b}`,
          `${a} ? ${b} : ${c}`,
          `${a}[${b}]`,
          `${a}.map(x, ${b})`,
          `${a}.all(x, ${b})`,
          `${a}.filter(x, ${b})`,
          `oc_hash(${a})`,
          `oc_generate_name(${a}, ${b})`,
          `oc_merge(${a}, ${b})`,
          `oc_omit()`,
          `has(${a}.x)`,
          `${a}.nope()`,
        ),
      ),
    fc
      .tuple(tie('expression'), pattern)
      .chain(([a, p]) =>
        fc.constantFrom(
          `${a}.matches(${quote(p)})`,
          `matches(${a}, ${quote(p)})`,
        ),
      ),
  ),
}));

/** Well-typed string expressions, so that most cases render (or hit a limit) rather than fail to type. */
const smallInt = fc.integer({ min: -2, max: 12 }).map(String);
const { text: stringExpression } = fc.letrec<{ text: string }>(tie => ({
  text: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('parameters.text', 'metadata.workflowRunName', "''"),
    fc.string({ maxLength: 6, unit: 'grapheme' }).map(quote),
    fc
      .tuple(tie('text'), tie('text'), tie('text'), smallInt)
      .chain(([a, b, c, n]) =>
        fc.constantFrom(
          `${a}.replace(${b}, ${c})`,
          `${a}.replace(${b}, ${c}, ${n})`,
          `${a}.replace('', ${c}, 9223372036854775807)`,
          `${a} + ${b}`,
          `${a}.reverse()`,
          `${a}.lowerAscii()`,
          `${a}.charAt(${n})`,
          `${a}.substring(${n})`,
          `${a}.split(${b}).join(${c})`,
          `${a}.split('').map(x, x + ${b}).join(${c})`,
          `oc_hash(${a})`,
          `oc_dns_label(${a}, ${b})`,
          `string(${a}.matches(${b}))`,
          `string(size(${a}))`,
          `(${a}.matches(${b}) ? ${a} : ${c})`,
        ),
      ),
    fc
      .tuple(tie('text'), pattern)
      .map(([a, p]) => `string(${a}.matches(${quote(p)}))`),
  ),
}));

/** A template string: one expression, text around expressions, or text with stray `${`. */
const template = fc.oneof(
  stringExpression.map(e => `\${${e}}`),
  expression.map(e => `\${${e}}`),
  fc
    .tuple(fc.string({ maxLength: 4 }), stringExpression, expression)
    .map(([t, a, b]) => `${t}\${${a}}-\${${b}}`),
  fc.string({ maxLength: 10 }).map(t => `${t}\${${t}`),
);

/** Schema patterns: mostly ones RE2 compiles (an invalid one makes every preview an error). */
const schemaPattern = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(...PATTERNS.slice(0, 5), '.*', '^$'),
  },
  { weight: 1, arbitrary: pattern },
);

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
