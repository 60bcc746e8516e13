/*
 * Whole differential cases: a Workflow of either generation, the parameters a
 * user gives, and the run's context.
 */
import fc from 'fast-check';
import { expr, ExprKind, splitWithEmpty } from './celGrammar';
import {
  Json,
  objectSchema,
  ParamRef,
  refsOf,
  runValue,
  validValue,
} from './schemaArbitraries';
import { shorthandParameters } from './shorthandArbitraries';
import { resolveSlots } from './slots';

export interface DiffCase {
  id: string;
  generation: 'v1' | 'v0';
  /** The Workflow as stored (after OpenChoreo's webhook wrote `serviceAccountName`). */
  workflow: Json;
  /** What the user filled in (the launch request's parameters). */
  userParameters: Json;
  context: {
    runName: string;
    namespace: string;
    labels?: Record<string, string>;
  };
}

/** A template string with `${...}`: standalone (the whole string), embedded, or none. */
const templateString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: expr('any', 3).map(e => `\${${e}}`) },
  { weight: 1, arbitrary: splitWithEmpty(1).map(e => `\${${e}}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(' ', '  ', '\n'), expr('any', 2))
      .map(([space, e]) => `${space}\${${e}}${space}`),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom('pre-', 'x=', ''),
        expr('any', 3),
        fc.constantFrom('', '-post', '/'),
      )
      .filter(([pre, , post]) => pre !== '' || post !== '')
      .map(([pre, e, post]) => `${pre}\${${e}}${post}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(expr('any', 2), fc.constantFrom('-', ' ', ''), expr('any', 2))
      .map(([a, sep, b]) => `\${${a}}${sep}\${${b}}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          "parameters.?name.orValue('n')",
          'metadata.workflowRunName',
          'parameters.?name.orValue(1)',
        ),
        fc.constantFrom('-', ':'),
      )
      .map(([e, sep]) => `\${${e}}${sep}\${${e}}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'plain',
      '[a, b]',
      '["x", 1]',
      '[1, 2',
      '{"a": 1}',
      '',
    ),
  },
);

/** An expression of one kind as a standalone template string. */
function standalone(kind: ExprKind, depth = 2): fc.Arbitrary<string> {
  return expr(kind, depth).map(e => `\${${e}}`);
}

const EXTRA = {
  parallelism: templateString,
  podMetadata: fc.record({
    annotations: fc.record({ note: templateString }),
    labels: fc
      .tuple(standalone('string', 1), templateString)
      .map(([k, v]) => ({ [k]: v, fixed: 'yes' })),
  }),
  templates: fc
    .tuple(templateString, templateString, templateString)
    .map(([a, b, v]) => [
      {
        name: 'main',
        inputs: { parameters: [{ name: 'in', value: v }] },
        container: { image: 'alpine:3', args: [a, b, '${oc_omit()}'] },
      },
    ]),
  dynamicKey: fc
    .tuple(
      fc.oneof(
        { weight: 4, arbitrary: standalone('string', 1) },
        { weight: 1, arbitrary: standalone('any', 1) },
      ),
      templateString,
    )
    .map(([k, v]) => ({ [k]: v })),
  hooks: templateString.map(v => ({ exit: { template: v } })),
  activeDeadlineSeconds: standalone('double', 2),
};

const extraSpec: fc.Arbitrary<Json> = fc
  .subarray(
    [
      'parallelism',
      'podMetadata',
      'templates',
      'dynamicKey',
      'hooks',
      'activeDeadlineSeconds',
    ],
    { maxLength: 3 },
  )
  .chain(keys =>
    fc.record(
      Object.fromEntries(
        keys.map(k => [k, EXTRA[k as keyof typeof EXTRA]]),
      ) as Record<string, fc.Arbitrary<unknown>>,
    ),
  )
  .map(extras => {
    const out: Json = {};
    for (const [k, v] of Object.entries(extras)) {
      if (k === 'dynamicKey') Object.assign(out, v);
      else out[k] = v;
    }
    return out;
  });

const argumentsList: fc.Arbitrary<Json[]> = fc
  .array(templateString, { minLength: 1, maxLength: 4 })
  .map(values => values.map((value, i) => ({ name: `a${i}`, value })));

const resource: fc.Arbitrary<Json> = fc
  .record(
    {
      includeWhen: fc.oneof(
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 5, arbitrary: standalone('bool', 2) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'true',
            '${parameters.?count.orValue(1)}',
            '${1 / 0 == 1}',
          ),
        },
      ),
      name: fc.constantFrom(
        'cm-${metadata.workflowRunName}',
        '${parameters.?name.orValue("x")}',
        '-skipped',
        'fixed-name',
      ),
      data: fc.dictionary(fc.constantFrom('k', 'v', 'w'), templateString, {
        minKeys: 1,
        maxKeys: 2,
      }),
    },
    { requiredKeys: ['name', 'data'] },
  )
  .map(({ includeWhen, name, data }) => ({
    ...(includeWhen === undefined ? {} : { includeWhen }),
    template: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'somewhere-else' },
      data,
    },
  }));

function runTemplate(args: Json[], extras: Json, labels: boolean): Json {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name: '${metadata.workflowRunName}',
      namespace: '${metadata.namespace}',
      ...(labels
        ? {
            labels: {
              app: '${metadata.labels[?"app.kubernetes.io/name"].orValue("none")}',
            },
          }
        : {}),
    },
    spec: {
      serviceAccountName: 'workflow-sa',
      entrypoint: 'main',
      arguments: { parameters: args },
      ...extras,
    },
  };
}

const context = fc.record(
  {
    runName: fc.constantFrom('run-1', 'build-42'),
    namespace: fc.constantFrom('default', 'team-a'),
    labels: fc.option(
      fc.constant({ team: 'payments', 'app.kubernetes.io/name': 'cart' }),
      { nil: undefined, freq: 4 },
    ),
  },
  { requiredKeys: ['runName', 'namespace'] },
);

/** Every string of the template tree with its slots resolved. */
function resolveTree(value: unknown, refs: ParamRef[]): unknown {
  if (typeof value === 'string') return resolveSlots(value, refs);
  if (Array.isArray(value)) return value.map(v => resolveTree(v, refs));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        resolveSlots(k, refs),
        resolveTree(v, refs),
      ]),
    );
  }
  return value;
}

const v1Case: fc.Arbitrary<Omit<DiffCase, 'id'>> = objectSchema(2).chain(
  schema =>
    fc
      .record({
        kind: fc.constantFrom('ClusterWorkflow', 'Workflow'),
        parameters: validValue(schema),
        args: argumentsList,
        extras: extraSpec,
        labels: fc.boolean(),
        resources: fc.array(resource, { maxLength: 2 }),
        context,
      })
      .map(c => {
        const root = { type: 'object', properties: schema.properties };
        const refs = refsOf(root);
        const spec: Json = {
          parameters: { openAPIV3Schema: root },
          runTemplate: resolveTree(
            runTemplate(c.args, c.extras, c.labels),
            refs,
          ),
        };
        if (c.resources.length > 0) {
          spec.resources = c.resources.map((r, i) => ({
            id: `r${i}`,
            ...(resolveTree(r, refs) as Json),
          }));
        }
        return {
          generation: 'v1' as const,
          workflow: {
            apiVersion: 'openchoreo.dev/v1alpha1',
            kind: c.kind,
            metadata: {
              name: 'generated',
              ...(c.kind === 'Workflow'
                ? { namespace: c.context.namespace }
                : {}),
            },
            spec,
          },
          userParameters: isObject(c.parameters) ? c.parameters : {},
          context: c.context,
        };
      }),
);

const v0Case: fc.Arbitrary<Omit<DiffCase, 'id'>> = shorthandParameters.chain(
  s =>
    fc.record({ parameters: runValue(s.schema), context }).map(c => ({
      generation: 'v0' as const,
      workflow: {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'Workflow',
        metadata: { name: 'legacy', namespace: c.context.namespace },
        spec: {
          schema: {
            ...(s.types ? { types: s.types } : {}),
            parameters: s.parameters,
          },
          runTemplate: runTemplate(
            [{ name: 'a0', value: '${parameters}' }],
            {},
            false,
          ),
        },
      },
      userParameters: isObject(c.parameters) ? c.parameters : {},
      context: c.context,
    })),
);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A v1 case four times in five, a v0.x case otherwise. */
export const diffCase: fc.Arbitrary<Omit<DiffCase, 'id'>> = fc.oneof(
  { weight: 4, arbitrary: v1Case },
  { weight: 1, arbitrary: v0Case },
);
