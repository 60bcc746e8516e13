/*
 * The definitions engine on a generated 100-field Workflow of each generation
 * (v0 shorthand; v1 openAPIV3Schema with nested objects, enums, arrays and
 * $defs/$ref), whose runTemplate references every parameter:
 *
 *   node scripts/bench/run.js definitions [--fields 100] [--iterations 2000] [--warmup 300]
 *
 * Measures, per call: schema conversion (buildParameterSchema), validation
 * (applyDefaults + validateParameters on a built schema, i.e. our cached ajv
 * validator, against a naive peer that compiles with a fresh ajv per call),
 * rendering (renderWorkflowRun) and validate + render as a launch does it
 * (prepareLaunch). Warm-up first, then a fixed number of
 * sequential iterations; prints p50/p95/mean in ms.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  applyDefaults,
  buildParameterSchema,
  prepareParameters,
  validateParameters,
} from '../../plugins/openchoreo-workflows-common/src/schema';
import { renderWorkflowRun } from '../../plugins/openchoreo-workflows-common/src/render';
import { prepareLaunch } from '../../plugins/openchoreo-workflows-common/src/launch';
import { WorkflowResource } from '../../plugins/openchoreo-workflows-common/src/model';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** Leaf field kinds, cycled through: the generated value and both schema forms. */
const KINDS = [
  {
    v0: 'string',
    v1: { type: 'string', minLength: 1 },
    value: (i: number) => `value-${i}`,
  },
  {
    v0: 'string | default=main pattern=^[a-z0-9-]+$',
    v1: { type: 'string', default: 'main', pattern: '^[a-z0-9-]+$' },
    value: (i: number) => `branch-${i}`,
  },
  {
    v0: 'integer | default=3 minimum=1 maximum=100',
    v1: { type: 'integer', default: 3, minimum: 1, maximum: 100 },
    value: (i: number) => (i % 100) + 1,
  },
  {
    v0: 'string | enum=debug,info,warn,error default=info',
    v1: {
      type: 'string',
      enum: ['debug', 'info', 'warn', 'error'],
      default: 'info',
    },
    value: () => 'warn',
  },
  {
    v0: 'boolean | default=false',
    v1: { type: 'boolean', default: false },
    value: (i: number) => i % 2 === 0,
  },
  {
    v0: '[]string | default=[] maxItems=10',
    v1: { type: 'array', items: { type: 'string' }, default: [], maxItems: 10 },
    value: (i: number) => [`a${i}`, `b${i}`],
  },
  {
    v0: 'map<string> | default={}',
    v1: {
      type: 'object',
      additionalProperties: { type: 'string' },
      default: {},
    },
    value: (i: number) => ({ key: `v${i}` }),
  },
  {
    v0: 'number | default=0.5 minimum=0 maximum=1',
    v1: { type: 'number', default: 0.5, minimum: 0, maximum: 1 },
    value: () => 0.25,
  },
  {
    v0: 'Endpoint',
    v1: { $ref: '#/$defs/Endpoint' },
    value: (i: number) => ({ host: `h${i}.example.com`, port: 8000 + i }),
  },
  {
    v0: 'string | format=uri default=https://example.com',
    v1: { type: 'string', format: 'uri', default: 'https://example.com' },
    value: (i: number) => `https://example.com/${i}`,
  },
];

interface Generated {
  v0: WorkflowResource;
  v1: WorkflowResource;
  parameters: Record<string, unknown>;
}

/** `fields` leaves in groups of 10 (group `gN`, leaf `fM`), every one passed to the Argo Workflow. */
export function generateWorkflows(fields: number): Generated {
  const v0Params: Record<string, unknown> = {};
  const v1Props: Record<string, unknown> = {};
  const parameters: Record<string, Record<string, unknown>> = {};
  const argoParams: Array<{ name: string; value: string }> = [];
  for (let i = 0; i < fields; i++) {
    const group = `g${Math.floor(i / 10)}`;
    const leaf = `f${i % 10}`;
    const kind = KINDS[i % KINDS.length];
    ((v0Params[group] ??= {}) as Record<string, unknown>)[leaf] = kind.v0;
    const v1Group = (v1Props[group] ??= {
      type: 'object',
      description: `Group ${group}`,
      properties: {},
      required: [],
    }) as { properties: Record<string, unknown>; required: string[] };
    v1Group.properties[leaf] = { ...kind.v1, description: `Field ${i}` };
    if (!('default' in kind.v1)) v1Group.required.push(leaf);
    (parameters[group] ??= {})[leaf] = kind.value(i);
    argoParams.push({
      name: `${group}-${leaf}`,
      value:
        i % 3 === 0
          ? `${'${'}parameters.${group}.${leaf}}`
          : `${'${'}metadata.workflowRunName}/${'${'}parameters.${group}.${leaf}}`,
    });
  }
  const runTemplate = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name: '${metadata.workflowRunName}',
      namespace: '${metadata.namespace}',
    },
    spec: {
      serviceAccountName: 'workflow-sa',
      workflowTemplateRef: { clusterScope: true, name: 'bench-template' },
      arguments: { parameters: argoParams },
      podMetadata: {
        labels: {
          'bench/level': '${parameters.g0.f3}',
          'bench/size': '${string(size(parameters))}',
        },
      },
    },
  };
  const metadata = { name: 'bench', namespace: 'default' };
  const v0: WorkflowResource = {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata,
    spec: {
      schema: {
        types: {
          Endpoint: {
            host: 'string',
            port: 'integer | minimum=1 maximum=65535',
          },
        },
        parameters: v0Params,
      },
      runTemplate,
    },
  } as unknown as WorkflowResource;
  const v1: WorkflowResource = {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata,
    spec: {
      parameters: {
        openAPIV3Schema: {
          type: 'object',
          required: Object.keys(v1Props),
          properties: v1Props,
          $defs: {
            Port: { type: 'integer', minimum: 1, maximum: 65535 },
            Endpoint: {
              type: 'object',
              required: ['host', 'port'],
              properties: {
                host: { type: 'string' },
                port: { $ref: '#/$defs/Port' },
              },
            },
          },
        },
      },
      runTemplate,
    },
  } as unknown as WorkflowResource;
  return { v0, v1, parameters };
}

interface Stats {
  p50: number;
  p95: number;
  mean: number;
}

function measure(fn: () => unknown, warmup: number, iterations: number): Stats {
  for (let i = 0; i < warmup; i++) fn();
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const sorted = Array.from(samples).sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    p50: at(0.5),
    p95: at(0.95),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

export async function main(args: string[]) {
  const fields = option(args, 'fields', 100);
  const iterations = option(args, 'iterations', 2000);
  const warmup = option(args, 'warmup', 300);
  const { v0, v1, parameters } = generateWorkflows(fields);
  const ctx = { runName: 'bench-run-1', namespace: 'default' };

  // Sanity: both generations accept the document and render every argument.
  // The first call of each is timed: cold, with empty validator caches.
  const cold: string[] = [];
  for (const [name, workflow] of [
    ['v0', v0],
    ['v1', v1],
  ] as const) {
    const start = process.hrtime.bigint();
    const built = buildParameterSchema(workflow);
    cold.push(
      `${name} ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(
        1,
      )} ms`,
    );
    if (built.errors.length)
      throw new Error(`${name} schema: ${JSON.stringify(built.errors)}`);
    const prepared = prepareParameters(workflow, parameters);
    if (prepared.errors.length)
      throw new Error(`${name} params: ${JSON.stringify(prepared.errors)}`);
    const run = renderWorkflowRun(workflow, parameters, ctx).run as any;
    if (run.spec.arguments.parameters.length !== fields)
      throw new Error(`${name} render`);
  }

  const rows: Array<[string, Stats]> = [];
  for (const [name, workflow] of [
    ['v0', v0],
    ['v1', v1],
  ] as const) {
    const { jsonSchema } = buildParameterSchema(workflow);
    const naiveAjv = () => {
      const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
      addFormats(ajv);
      return ajv;
    };
    const cases: Array<[string, () => unknown]> = [
      [
        'schema conversion: buildParameterSchema',
        () => buildParameterSchema(workflow),
      ],
      [
        'validate, ours: applyDefaults + validateParameters (cached validator)',
        () =>
          validateParameters(jsonSchema, applyDefaults(jsonSchema, parameters)),
      ],
      [
        'validate, naive peer: applyDefaults + new Ajv().compile + validate',
        () =>
          naiveAjv().compile(jsonSchema)(applyDefaults(jsonSchema, parameters)),
      ],
      [
        'render: renderWorkflowRun',
        () => renderWorkflowRun(workflow, parameters, ctx),
      ],
      [
        'validate + render: prepareLaunch',
        () => prepareLaunch(workflow, parameters, ctx),
      ],
    ];
    for (const [label, fn] of cases) {
      const n = label.includes('naive')
        ? Math.min(iterations, 200)
        : iterations;
      rows.push([`${name} ${label}`, measure(fn, Math.min(warmup, n), n)]);
    }
  }

  const fmt = (n: number) => n.toFixed(3);
  process.stdout.write(
    `definitions: ${fields} fields, ${iterations} iterations after ${warmup} warm-up (naive peer: 200), node ${process.version}\n\n`,
  );
  process.stdout.write(
    `first buildParameterSchema call (cold caches, unoptimised code): ${cold.join(
      ', ',
    )}\n\n`,
  );
  process.stdout.write(
    '| operation (per call) | p50 ms | p95 ms | mean ms |\n| --- | ---: | ---: | ---: |\n',
  );
  for (const [label, s] of rows) {
    process.stdout.write(
      `| ${label} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.mean)} |\n`,
    );
  }
}
