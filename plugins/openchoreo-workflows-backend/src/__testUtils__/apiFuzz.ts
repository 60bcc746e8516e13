/*
 * The API fuzzer: random Workflows (shorthand schemas of v0.x, openAPIV3
 * schemas of v1.x, CEL templates) and random parameter documents, through
 * the backend's HTTP API (preview, then launch) on the local control plane.
 * Each case must get an answer below 500 within REQUEST_DEADLINE_MS.
 * Used by apiFuzz.test.ts (npm test) and scripts/bench/fuzz.ts (long runs).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { LocalControlPlane } from '@openchoreo-workflows/local-control-plane';
import {
  argoRunTemplate,
  expensiveExpression,
  startTestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import {
  fieldName,
  openApiNodeOf,
  shorthandFields,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common/testUtils';
import fc from 'fast-check';
import http from 'node:http';
import { startWorkflowsBackend } from './backend';
import { schemaPattern, stringExpression, template } from './celArbitraries';

const API = '/api/openchoreo-workflows';
/** No request may take longer (the evaluation deadline of the target is half of it). */
export const REQUEST_DEADLINE_MS = 2000;
const EVALUATION_THREADS = 2;

/** An openAPIV3Schema node of v1.x, with patterns RE2 refuses among the values. */
const openApiNode = openApiNodeOf(schemaPattern);

export const openApiSchema: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: openApiNode },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.dictionary(fieldName, openApiNode, { maxKeys: 4 }), openApiNode)
      .map(([properties, self]) => ({
        type: 'object',
        properties: { text: { type: 'string' }, ...properties },
        $defs: {
          Self: { type: 'array', items: { $ref: '#/$defs/Self' } },
          A: self,
        },
      })),
  },
);

/** Parameter documents: any JSON, and objects with the fields the schemas use. */
export const parameterDocument: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  {
    weight: 3,
    arbitrary: fc.dictionary(
      fieldName,
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.string({ maxLength: 40, unit: 'grapheme' }),
        fc.constantFrom(
          'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
          '\u0000',
        ),
      ),
      { maxKeys: 5 },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, [], 'x', 1) },
);

/** 10^10 steps of CEL in constant memory (hours): must end at the deadline with a 422. */
const EXPENSIVE = expensiveExpression();

/** What a launch names besides the workflow: run names, keys, namespaces, good and bad. */
const launchExtras = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        name: fc.oneof(
          fc.constantFrom('ok-name', 'Not_A_Name', '', 'a'.repeat(300), '-x'),
          fc.string({ maxLength: 10 }),
          fc.constant(7),
        ),
        idempotencyKey: fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom('k\u0000', 'k'.repeat(257), '\u{1F600}'),
          fc.constant({}),
        ),
        namespace: fc.constantFrom('Default', '', 'nope', 'x'.repeat(70)),
      },
      { requiredKeys: [] },
    ),
  },
);

const randomCase = fc.record({
  generation: fc.constantFrom('v0' as const, 'v1' as const),
  shorthand: shorthandFields, // a shorthand `parameters` map of v0.x
  openApi: openApiSchema,
  label: template,
  value: template,
  key: fc.oneof(template, fc.constant('k')),
  text: stringExpression,
  parameters: parameterDocument,
  launch: launchExtras,
});

/**
 * Random cases, and with `hostile` one in a thousand a valid Workflow whose
 * CEL runs for hours (a 422 at the deadline). Those are left out of npm
 * test: the deadline counts from when a worker starts an evaluation, and a
 * worker terminated at it is replaced by one that loads CEL again, so on a
 * loaded machine a request then waits longer than 2 s (seen here: case 1661
 * of the bench's seed, under a load average of 15 on two cores).
 */
export function fuzzCases(options: { hostile: boolean }) {
  if (!options.hostile) return randomCase;
  return fc.oneof(
    { weight: 999, arbitrary: randomCase },
    {
      weight: 1,
      arbitrary: randomCase.map(c => ({
        ...c,
        generation: 'v1' as const,
        openApi: { type: 'object' },
        value: `\${${EXPENSIVE}}`,
        parameters: {},
      })),
    },
  );
}

export type FuzzCase = typeof randomCase extends fc.Arbitrary<infer T>
  ? T
  : never;

export function fuzzWorkflow(name: string, c: FuzzCase): any {
  const schema =
    c.generation === 'v0'
      ? { schema: { parameters: c.shorthand } }
      : { parameters: { openAPIV3Schema: c.openApi } };
  const ns =
    c.generation === 'v0'
      ? 'openchoreo-ci-${metadata.namespaceName}'
      : '${metadata.namespace}';
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default' },
    spec: {
      ...schema,
      runTemplate: argoRunTemplate(
        {
          arguments: {
            parameters: [
              { name: 'p', value: c.value },
              { name: 't', value: `\${${c.text}}` },
            ],
          },
        },
        { namespace: ns, labels: { fuzz: c.label, [c.key]: 'v' } },
      ),
    },
  };
}

/** The backend on a local control plane of its own; loopback only. */
export interface FuzzTarget {
  port: number;
  plane: LocalControlPlane;
  stop(): Promise<void>;
}

export async function startFuzzTarget(): Promise<FuzzTarget> {
  const local = await startTestLocalControlPlane({
    manifests: [],
    argoExecutor: false,
    evaluationTimeoutMs: 500,
  });
  const backend = await startWorkflowsBackend(
    {
      clusters: [local.clusterConfig],
      evaluation: {
        timeoutMs: REQUEST_DEADLINE_MS / 2,
        threads: EVALUATION_THREADS,
      },
      notifications: { enabled: false },
    },
    { ready: false },
  ).catch(async e => {
    await local.stop();
    throw e;
  });
  const { port } = backend.server.address() as { port: number };
  await warmUp(port, local.plane, EVALUATION_THREADS);
  return {
    port,
    plane: local.plane,
    stop: async () => {
      try {
        await backend.stop();
      } finally {
        await local.stop();
      }
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/**
 * Waits for the backend's caches and has each evaluation worker render once
 * (the first rendering loads CEL), so that cases measure answers, not startup.
 */
async function warmUp(port: number, plane: LocalControlPlane, threads: number) {
  const workflows = plane.store.registry.get('openchoreo.dev', 'workflows');
  plane.store.create(
    workflows,
    fuzzWorkflow('warm-up', {
      generation: 'v1',
      shorthand: {},
      openApi: { type: 'object' },
      label: "${'a'.matches('^a$') ? 'x' : 'y'}",
      value: '${metadata.workflowRunName}',
      key: 'k',
      text: "'t'",
      parameters: {},
      launch: {},
    }),
  );
  const until = Date.now() + 60_000;
  const preview = async (user: string) => {
    for (;;) {
      const res = await call(
        port,
        'POST',
        '/workflows/default/warm-up/preview',
        {},
        60_000,
        mockCredentials.user.header(user),
      );
      if (res.status === 200 && !res.body.includes('renderError')) return;
      if (Date.now() > until) {
        throw new Error(`warm-up preview: ${res.status} ${res.body}`);
      }
      await new Promise(r => setTimeout(r, 50));
    }
  };
  // Different users: one user's evaluations run one at a time.
  await Promise.all(
    Array.from({ length: threads }, (_, i) =>
      preview(`user:default/warm-${i}`),
    ),
  );
}

/** One request on loopback; rejects past the deadline. */
export function call(
  port: number,
  method: string,
  url: string,
  body?: unknown,
  deadlineMs = REQUEST_DEADLINE_MS,
  authorization?: string,
): Promise<{ status: number; ms: number; body: string }> {
  const start = performance.now();
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: `${API}${url}`,
        agent,
        timeout: deadlineMs,
        headers: {
          ...(data ? { 'Content-Type': 'application/json' } : {}),
          ...(authorization ? { Authorization: authorization } : {}),
        },
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', d => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - start,
            body: text,
          }),
        );
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new Error(`${method} ${url}: no answer within ${deadlineMs} ms`),
      ),
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** What the fuzzer saw: answers by status, and the slowest. */
export class FuzzStats {
  readonly statuses: Record<string, number> = {};
  readonly times: number[] = [];
  /** Cases whose Workflow the API server refused (its CRD schema). */
  refused = 0;
  record(what: string, status: number, ms: number) {
    const k = `${what} ${status}`;
    this.statuses[k] = (this.statuses[k] ?? 0) + 1;
    this.times.push(ms);
  }
  summary() {
    const sorted = [...this.times].sort((a, b) => a - b);
    const at = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    return {
      requests: sorted.length,
      refusedWorkflows: this.refused,
      p50Ms: Math.round(at(0.5)),
      p99Ms: Math.round(at(0.99)),
      maxMs: Math.round(sorted[sorted.length - 1] ?? 0),
      statuses: this.statuses,
    };
  }
}

/**
 * One case: the Workflow created in the control plane, awaited in the
 * backend's cache, previewed and launched. Throws on a 5xx, a request past
 * the deadline, or a connection the backend dropped.
 */
export async function runCase(
  target: FuzzTarget,
  c: FuzzCase,
  n: number,
  stats: FuzzStats,
): Promise<void> {
  const workflows = target.plane.store.registry.get(
    'openchoreo.dev',
    'workflows',
  );
  const name = `fuzz-${n}`;
  try {
    target.plane.store.create(workflows, fuzzWorkflow(name, c));
  } catch (e) {
    // The API server refuses it (the CRD's schema): no cluster can hold it.
    if ((e as { code?: number }).code === 422) {
      stats.refused += 1;
      return;
    }
    throw e;
  }
  const url = `/workflows/default/${name}`;
  const seenBy = Date.now() + REQUEST_DEADLINE_MS;
  for (;;) {
    const res = await call(target.port, 'GET', url);
    check(res, `GET ${url}`);
    if (res.status !== 404) break;
    if (Date.now() > seenBy) throw new Error(`${name} never reached the cache`);
    await new Promise(r => setTimeout(r, 2));
  }
  const preview = await call(target.port, 'POST', `${url}/preview`, {
    parameters: c.parameters,
  });
  check(preview, `preview of ${name}`);
  stats.record('preview', preview.status, preview.ms);
  const launch = await call(target.port, 'POST', '/runs', {
    namespace: 'default',
    ...c.launch,
    workflow: { kind: 'Workflow', name },
    parameters: c.parameters,
  });
  check(launch, `launch of ${name}`);
  stats.record('launch', launch.status, launch.ms);
}

function check(res: { status: number; body: string }, what: string) {
  if (res.status >= 500) {
    throw new Error(`${what}: ${res.status} ${res.body.slice(0, 500)}`);
  }
}
