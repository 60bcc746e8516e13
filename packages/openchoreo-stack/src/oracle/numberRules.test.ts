import { OpenChoreoOracle, OracleCase } from './OpenChoreoOracle';

// The first start may build the Go oracle (minutes when cold).
const BUILD_TIMEOUT_MS = 30 * 60_000;

let oracle: OpenChoreoOracle;
beforeAll(async () => {
  oracle = await OpenChoreoOracle.start();
}, BUILD_TIMEOUT_MS);
afterAll(() => oracle?.close());

let seq = 0;
/** A ClusterWorkflow whose run template passes `args` as Argo arguments and `spec` as is. */
function workflowCase(options: {
  properties?: Record<string, unknown>;
  args?: Record<string, string>;
  spec?: Record<string, unknown>;
  runParameters?: Record<string, unknown> | null;
}): OracleCase {
  return {
    id: `case-${++seq}`,
    workflow: {
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'ClusterWorkflow',
      metadata: { name: 'numbers' },
      spec: {
        parameters: {
          openAPIV3Schema: {
            type: 'object',
            properties: options.properties ?? {},
          },
        },
        runTemplate: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: {
            name: '${metadata.workflowRunName}',
            namespace: '${metadata.namespace}',
          },
          spec: {
            serviceAccountName: 'workflow-sa',
            arguments: {
              parameters: Object.entries(options.args ?? {}).map(
                ([name, value]) => ({
                  name,
                  value,
                }),
              ),
            },
            ...options.spec,
          },
        },
      },
    },
    runParameters: options.runParameters,
    context: { runName: 'run-1', namespace: 'default' },
  };
}

function argsOf(result: { rendered: { resource: any } | null }) {
  expect(result.rendered).not.toBeNull();
  return Object.fromEntries(
    result.rendered!.resource.spec.arguments.parameters.map((p: any) => [
      p.name,
      p.value,
    ]),
  );
}

const count = { count: { type: 'integer', default: 3 } };

describe('OpenChoreo number rules (tools/openchoreo-oracle)', () => {
  it('a number given in the run is a double: `count * 2` has no such overload', async () => {
    const result = await oracle.render(
      workflowCase({
        properties: count,
        args: { n: '${parameters.count * 2}' },
        runParameters: { count: 3 },
      }),
    );
    expect(result.rendered).toBeNull();
    expect(result.errorStage).toBe('render');
    expect(result.error).toBe(
      "failed to render template: failed to render workflow resource: CEL evaluation error in expression 'parameters.count * 2': no such overload",
    );
    expect(result.defaultedParameters).toEqual({ count: 3 });
    expect(result.parameterTypes).toEqual({ '/count': 'float64' });
  });

  it('an openAPIV3 default is an int: the same template renders when the run leaves count out', async () => {
    const result = await oracle.render(
      workflowCase({
        properties: count,
        args: { n: '${parameters.count * 2}' },
      }),
    );
    expect(result.error).toBeNull();
    expect(argsOf(result)).toEqual({ n: '6' });
    expect(result.parameterTypes).toEqual({ '/count': 'int64' });
    expect(result.schema).toEqual({ type: 'object', properties: count });
  });

  it('a double prints in Go %g form inside a string and as an argument', async () => {
    const result = await oracle.render(
      workflowCase({
        properties: { big: { type: 'number' } },
        args: {
          inside: 'n=${parameters.big}',
          alone: '${parameters.big}',
          million: 'x${1000000.0}',
        },
        spec: { parallelism: '${parameters.big}' },
        runParameters: { big: 1234567 },
      }),
    );
    expect(argsOf(result)).toEqual({
      inside: 'n=1.234567e+06',
      alone: '1.234567e+06',
      million: 'x1e+06',
    });
    // Outside the arguments the number stays a number (JSON, no exponent).
    expect(result.rendered!.resource.spec.parallelism).toBe(1234567);
    expect(result.renderedTypes).toEqual({
      '/resource/spec/parallelism': 'float64',
    });
  });

  it('type() prints int and double', async () => {
    const result = await oracle.render(
      workflowCase({
        properties: { ...count, ratio: { type: 'number' } },
        args: {
          i: '${type(parameters.count)}',
          d: '${type(parameters.ratio)}',
          inside: 't=${type(parameters.count)}',
        },
        runParameters: { ratio: 2 },
      }),
    );
    expect(argsOf(result)).toEqual({ i: 'int', d: 'double', inside: 't=int' });
  });

  it('numbers inside list and object defaults are ints when whole, doubles otherwise; run values are doubles', async () => {
    const result = await oracle.render(
      workflowCase({
        properties: {
          list: {
            type: 'array',
            items: { type: 'number', default: 7 },
            default: [1, 2.5],
          },
          obj: { type: 'object', default: { a: 1, b: 1.5 } },
          deep: {
            type: 'object',
            default: {},
            properties: { x: { type: 'integer', default: 5 } },
          },
          given: { type: 'array', items: { type: 'integer', default: 7 } },
        },
        runParameters: { given: [null, 4] },
      }),
    );
    expect(result.defaultedParameters).toEqual({
      list: [1, 2.5],
      obj: { a: 1, b: 1.5 },
      deep: { x: 5 }, // defaulting recurses into the defaulted object
      given: [7, 4], // a null item takes the items default
    });
    expect(result.parameterTypes).toEqual({
      '/list/0': 'int64',
      '/list/1': 'float64',
      '/obj/a': 'int64',
      '/obj/b': 'float64',
      '/deep/x': 'int64',
      '/given/0': 'int64',
      '/given/1': 'float64',
    });
  });

  it('v0.x shorthand: a number default is a double, an integer default an int, numbers in list/map/object defaults doubles', async () => {
    const result = await oracle.render({
      id: 'shorthand',
      workflow: {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'Workflow',
        metadata: { name: 'legacy', namespace: 'default' },
        spec: {
          schema: {
            parameters: {
              n: 'number | default=3',
              i: 'integer | default=3',
              l: '[]integer | default=[1,2]',
              m: 'map<integer> | default={"a":1}',
              o: { $default: { x: 1 }, x: 'integer' },
            },
          },
          runTemplate: {},
        },
      },
      context: { runName: 'run-1', namespace: 'default' },
    });
    expect(result.generation).toBe('v0');
    expect(result.rendered).toBeNull();
    expect(result.note).toMatch(/no v0.x render pipeline/);
    expect(result.defaultedParameters).toEqual({
      n: 3,
      i: 3,
      l: [1, 2],
      m: { a: 1 },
      o: { x: 1 },
    });
    expect(result.parameterTypes).toEqual({
      '/n': 'float64',
      '/i': 'int64',
      '/l/0': 'float64',
      '/l/1': 'float64',
      '/m/a': 'float64',
      '/o/x': 'float64',
    });
  });

  it('a CEL null prints NULL_VALUE as an argument and 0 elsewhere', async () => {
    const result = await oracle.render(
      workflowCase({
        properties: { d: { type: 'integer', nullable: true } },
        args: { alone: '${parameters.d}', inside: 'x${parameters.d}' },
        spec: { field: '${parameters.d}' },
        runParameters: { d: null },
      }),
    );
    expect(argsOf(result)).toEqual({ alone: 'NULL_VALUE', inside: 'x0' });
    expect(result.rendered!.resource.spec.field).toBe(0);
    expect(result.renderedTypes).toEqual({
      '/resource/spec/field': 'NullValue',
    });
  });

  // The default is sent as written (JSON.rawJSON): JavaScript numbers would round it
  // first; the argument shows Go's value as text, exactly.
  const rawJSON = (text: string): unknown => (JSON as any).rawJSON(text);
  it.each([
    ['3.0', 'int64', '3'],
    ['-4', 'int64', '-4'],
    ['1e20', 'float64', '1e+20'], // beyond int64
    ['9007199254740993', 'int64', '9007199254740992'], // above 2^53: decoded to float64 first
  ])(
    'an openAPIV3 default written %s is a Go %s printed %s',
    async (written, type, text) => {
      const result = await oracle.render(
        workflowCase({
          properties: { n: { type: 'number', default: rawJSON(written) } },
          args: { v: '${parameters.n}' },
        }),
      );
      expect(result.parameterTypes).toEqual({ '/n': type });
      expect(argsOf(result)).toEqual({ v: text });
    },
  );

  it('nulls and run values against defaults', async () => {
    const result = await oracle.render(
      workflowCase({
        properties: {
          given: { type: 'integer', default: 3 },
          nulled: { type: 'integer', default: 3 },
          nullable: { type: 'integer', default: 3, nullable: true },
          map: {
            type: 'object',
            additionalProperties: { type: 'integer', default: 9 },
          },
        },
        runParameters: {
          given: 5,
          nulled: null,
          nullable: null,
          map: { a: null, b: 2 },
        },
      }),
    );
    expect(result.defaultedParameters).toEqual({
      given: 5, // the run's value wins, a double
      nulled: 3, // a null where the schema is not nullable takes the default
      nullable: null,
      map: { a: 9, b: 2 },
    });
    expect(result.parameterTypes).toEqual({
      '/given': 'float64',
      '/nulled': 'int64',
      '/map/a': 'int64',
      '/map/b': 'float64',
    });
  });

  it('compares ints with doubles, converts with int(), and checks int arithmetic', async () => {
    const ok = await oracle.render(
      workflowCase({
        properties: { n: { type: 'number' } },
        args: {
          eq: '${parameters.n == 3}',
          lt: '${parameters.n < 4}',
          in: '${parameters.n in [3]}',
          int: '${int(parameters.n) * 2}',
          div: '${7 / 2}',
          ddiv: '${7.0 / 2.0}',
        },
        runParameters: { n: 3 },
      }),
    );
    expect(argsOf(ok)).toEqual({
      eq: 'true',
      lt: 'true',
      in: 'true',
      int: '6',
      div: '3',
      ddiv: '3.5',
    });
    for (const [expression, message] of [
      ['9223372036854775807 + 1', 'integer overflow'],
      ['1 / 0', 'division by zero'],
      ['string(null)', 'no such overload: string(null_type)'],
    ]) {
      const failed = await oracle.render(
        workflowCase({ args: { v: `\${${expression}}` } }),
      );
      expect(failed.error).toBe(
        `failed to render template: failed to render workflow resource: CEL evaluation error in expression '${expression}': ${message}`,
      );
    }
  });

  it('prints doubles with %g: exponent from 1e+06 and below 1e-04', async () => {
    const result = await oracle.render(
      workflowCase({
        args: {
          million: 'x${1000000.0}',
          hundredThousand: 'x${100000.0}',
          small: 'x${0.0001}',
          smaller: 'x${0.00001}',
          three: 'x${3.0}',
          big: '${1e20}',
          nan: '${double("NaN")}',
          inf: 'x${1.0 / 0.0}',
          string: '${string(1234567.0)}',
          nulls: '${[null, 1]}',
        },
      }),
    );
    expect(argsOf(result)).toEqual({
      million: 'x1e+06',
      hundredThousand: 'x100000',
      small: 'x0.0001',
      smaller: 'x1e-05',
      three: 'x3',
      big: '1e+20',
      nan: 'NaN',
      inf: 'x+Inf',
      string: '1.234567e+06',
      nulls: '[0,1]',
    });
  });

  it('a NaN outside the arguments cannot be sent as JSON', async () => {
    const result = await oracle.render(
      workflowCase({ spec: { x: '${double("NaN")}' } }),
    );
    expect(result.rendered).toBeNull();
    expect(result.errorStage).toBe('serialize');
    expect(result.error).toBe(
      'rendered objects cannot be sent as JSON: json: unsupported value: NaN',
    );
  });

  it('answers many cases from one process, in order', async () => {
    const cases = Array.from({ length: 200 }, (_, i) =>
      workflowCase({ args: { v: `\${${i} * 2}` } }),
    );
    const results = await Promise.all(cases.map(c => oracle.render(c)));
    expect(results.map(r => r.id)).toEqual(cases.map(c => c.id));
    expect(results.map(r => argsOf(r).v)).toEqual(
      cases.map((_, i) => String(i * 2)),
    );
  });

  it('reports a case it cannot read, and keeps answering', async () => {
    const bad = await oracle.render({
      id: 'bad-kind',
      workflow: { kind: 'Deployment' },
      context: { runName: 'r', namespace: 'default' },
    });
    expect(bad.errorStage).toBe('input');
    expect(bad.error).toBe(
      'workflow.kind must be Workflow or ClusterWorkflow, got "Deployment"',
    );
    const good = await oracle.render(workflowCase({ args: { v: '${1 + 1}' } }));
    expect(argsOf(good)).toEqual({ v: '2' });
  });
});
