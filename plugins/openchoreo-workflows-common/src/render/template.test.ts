import { renderError } from './__testUtils__/workflows';
import { formatGoFloat, goJson } from './goformat';
import { argoParameterText, postProcessRendered } from './postprocess';
import { renderScope, renderTemplateValue } from './template';
import { toCel } from './values';
import { CEL_NULL, markGoStrings, toJsonData } from './goTree';

const render = (template: unknown, vars: Record<string, unknown> = {}) =>
  toJsonData(
    renderTemplateValue(
      template,
      renderScope(toCel(vars) as Record<string, unknown>),
      'runTemplate',
    ),
  );

describe('renderTemplateValue', () => {
  const vars = {
    metadata: { name: 'checkout' },
    spec: {
      replicas: 2,
      ratio: 0.5,
      big: 1e6,
      on: true,
      list: [1, 'a'],
      map: { b: 1, a: '<x>' },
    },
  };

  it('keeps the type of a standalone expression, also with surrounding whitespace', () => {
    expect(render('${spec.replicas}', vars)).toBe(2);
    expect(render('  ${spec.on}\n', vars)).toBe(true);
    expect(render('${spec.list}', vars)).toEqual([1, 'a']);
    expect(render('${spec.map}', vars)).toEqual({ b: 1, a: '<x>' });
    expect(render('${spec.replicas + 1}', vars)).toBe(3);
  });

  it('stringifies interpolated results the way Go does', () => {
    expect(render('${metadata.name} has ${spec.replicas} replicas', vars)).toBe(
      'checkout has 2 replicas',
    );
    expect(render('r=${spec.ratio} on=${spec.on}', vars)).toBe('r=0.5 on=true');
    expect(render('d=${double(spec.big)}', vars)).toBe('d=1e+06');
    expect(render('l=${spec.list} m=${spec.map}', vars)).toBe(
      'l=[1,"a"] m={"a":"\\u003cx\\u003e","b":1}',
    );
  });

  it('renders quoted braces and the literal ${ trick', () => {
    expect(render('literal: ${"{"}')).toBe('literal: {');
    expect(render('${"{metadata.name}=" + metadata.name}', vars)).toBe(
      '{metadata.name}=checkout',
    );
    expect(render("echo ${'${'}HOME}")).toBe('echo ${HOME}');
    expect(render('{{workflow.parameters.x}}')).toBe(
      '{{workflow.parameters.x}}',
    );
  });

  it('renders dynamic map keys, which must be strings', () => {
    expect(
      render(
        {
          services: {
            "${'port-' + string(metadata.port)}": '${metadata.serviceName}',
          },
        },
        {
          metadata: { port: 8080, serviceName: 'web-service' },
        },
      ),
    ).toEqual({ services: { 'port-8080': 'web-service' } });
    const error = renderError(() =>
      render(
        { labels: { '${metadata.port}': 'x' } },
        { metadata: { port: 1 } },
      ),
    );
    expect(error.message).toContain(
      "dynamic map key '${metadata.port}' must evaluate to a string, got int64: 1",
    );
    expect(error.location).toBe('runTemplate.labels["${metadata.port}"]');
  });

  it('names the expression and its location on errors', () => {
    const error = renderError(() =>
      render(
        {
          spec: {
            arguments: {
              parameters: [
                { name: 'a', value: 'x' },
                { name: 'b', value: '${parameters.missing}' },
              ],
            },
          },
        },
        { parameters: {} },
      ),
    );
    expect(error.expression).toBe('parameters.missing');
    expect(error.location).toBe(
      'runTemplate.spec.arguments.parameters[1].value',
    );
    expect(error.message).toMatch(/no such key/i);
    const undeclared = renderError(() => render({ a: '${nothere.x}' }, {}));
    expect(undeclared.message).toMatch(/nothere/);
    const nested = renderError(() => render({ a: '${a + ${b}}' }));
    expect(nested.message).toContain('nested CEL expressions must be quoted');
    expect(nested.location).toBe('runTemplate.a');
    const parse = renderError(() => render({ a: '${1 +}' }));
    expect(parse.expression).toBe('1 +');
  });

  it('leaves an unclosed ${ as literal text', () => {
    expect(render('cost: ${unclosed')).toBe('cost: ${unclosed');
  });
});

describe('what OpenChoreo really writes (its own quirks, with a warning each)', () => {
  const scopeOf = (vars: Record<string, unknown>) =>
    renderScope(toCel(vars) as Record<string, unknown>);

  it('writes a CEL null as NULL_VALUE in an Argo argument and as 0 elsewhere, and says so', () => {
    const scope = scopeOf({ parameters: { d: null } });
    const argument = 'runTemplate.spec.arguments.parameters[0].value';
    expect(renderTemplateValue('${parameters.d}', scope, argument)).toBe(
      CEL_NULL,
    );
    expect(
      toJsonData(
        renderTemplateValue('${parameters.d}', scope, 'runTemplate.spec.x'),
      ),
    ).toBe(0);
    expect(
      renderTemplateValue('x${parameters.d}', scope, 'runTemplate.spec.y'),
    ).toBe('x0');
    expect(
      toJsonData(
        renderTemplateValue('${[null, 1]}', scope, 'runTemplate.spec.z'),
      ),
    ).toEqual([0, 1]);
    expect(scope.warnings.map(w => w.location)).toEqual([
      argument,
      'runTemplate.spec.x',
      'runTemplate.spec.y',
      'runTemplate.spec.z',
    ]);
    expect(scope.warnings[0].message).toBe(
      'OpenChoreo writes this null as NULL_VALUE (its CEL engine hands a null on as a protobuf NullValue, which its controller prints with %v): `${parameters.d}` at runTemplate.spec.arguments.parameters[0].value',
    );
    expect(scope.warnings[1].message).toMatch(
      /^OpenChoreo writes this null as 0 /,
    );
  });

  it('keeps the nulls of a list or map that came as data (a parameter), without a warning', () => {
    const scope = scopeOf({
      parameters: { list: [null, 1], map: { a: null } },
    });
    expect(
      toJsonData(
        renderTemplateValue('${parameters.list}', scope, 'runTemplate.a'),
      ),
    ).toEqual([null, 1]);
    expect(
      renderTemplateValue('x${parameters.map}', scope, 'runTemplate.b'),
    ).toBe('x{"a":null}');
    // A list CEL builds from it is CEL's own: its nulls are NullValues.
    expect(
      toJsonData(
        renderTemplateValue(
          '${parameters.list.map(x, x)}',
          scope,
          'runTemplate.c',
        ),
      ),
    ).toEqual([0, 1]);
    expect(scope.warnings.map(w => w.location)).toEqual(['runTemplate.c']);
  });

  it("substitutes like Go's strings.Replace on the text rendered so far, and says so", () => {
    const scope = scopeOf({
      parameters: { a: '${metadata.workflowRunName}' },
      metadata: { workflowRunName: 'run-1' },
    });
    expect(
      renderTemplateValue(
        '${parameters.a}-${metadata.workflowRunName}',
        scope,
        'runTemplate.s',
      ),
    ).toBe('run-1-${metadata.workflowRunName}');
    expect(scope.warnings).toHaveLength(1);
    expect(scope.warnings[0].message).toContain(
      'so this renders "run-1-${metadata.workflowRunName}" rather than "${metadata.workflowRunName}-run-1"',
    );
    // The same expression twice is no such case.
    const plain = scopeOf({ metadata: { workflowRunName: 'r' } });
    expect(
      renderTemplateValue(
        '${metadata.workflowRunName}/${metadata.workflowRunName}',
        plain,
        'l',
      ),
    ).toBe('r/r');
    expect(plain.warnings).toEqual([]);
  });

  it('keeps Go types until the end: a double is a number, an int a bigint (exact beyond 2^53)', () => {
    const scope = scopeOf({});
    expect(renderTemplateValue('${1234567.0}', scope, 'l')).toBe(1234567);
    expect(renderTemplateValue('${9223372036854775807 - 1}', scope, 'l')).toBe(
      9223372036854775806n,
    );
    expect(renderTemplateValue('x${9223372036854775807 - 1}', scope, 'l')).toBe(
      'x9223372036854775806',
    );
    expect(renderTemplateValue('${1u}', scope, 'l')).toBe(1n);
  });
});

describe('post-processing', () => {
  it('turns maps under "value" into JSON strings and arrays back into arrays', () => {
    expect(
      postProcessRendered({
        parameters: [
          { name: 'm', value: { b: 1, a: 2 } },
          { name: 'l', value: [{ name: 'X', value: 'y' }] },
        ],
        args: '["a", "b"]',
        text: '[not json',
      }),
    ).toEqual({
      parameters: [
        { name: 'm', value: '{"a":2,"b":1}' },
        { name: 'l', value: [{ name: 'X', value: 'y' }] },
      ],
      args: ['a', 'b'],
      text: '[not json',
    });
  });
});

describe("the controller's convertToString of Argo arguments", () => {
  it('prints a Go int with %d, a float64 with %v, a NullValue as NULL_VALUE, lists and maps as JSON', () => {
    expect(argoParameterText(3n)).toBe('3');
    expect(argoParameterText(9223372036854775806n)).toBe('9223372036854775806');
    expect(argoParameterText(3)).toBe('3');
    expect(argoParameterText(1234567)).toBe('1.234567e+06');
    expect(argoParameterText(1e21)).toBe('1e+21');
    expect(argoParameterText(0.5)).toBe('0.5');
    expect(argoParameterText(Number.NaN)).toBe('NaN');
    expect(argoParameterText(CEL_NULL)).toBe('NULL_VALUE');
    expect(argoParameterText(null)).toBe('<nil>');
    expect(argoParameterText([1n, 2.5, CEL_NULL, null])).toBe('[1,2.5,0,null]');
    // json.Marshal refuses NaN: Go falls back to %v.
    expect(argoParameterText([Number.NaN, 1n])).toBe('[NaN 1]');
    expect(argoParameterText({ b: Infinity, a: 's' })).toBe('map[a:s b:+Inf]');
  });

  it('prints a Go time, duration and []byte with %v, and JSON for them inside lists', () => {
    const rendered = (expression: string) =>
      argoParameterText(
        renderTemplateValue(
          `\${${expression}}`,
          renderScope({}),
          'runTemplate.spec.arguments.parameters[0].value',
        ),
      );
    expect(rendered("timestamp('2024-01-02T03:04:05.5Z')")).toBe(
      '2024-01-02 03:04:05.5 +0000 UTC',
    );
    expect(rendered("duration('90s')")).toBe('1m30s');
    expect(rendered("duration('3600s')")).toBe('1h0m0s');
    expect(rendered("duration('1.5s')")).toBe('1.5s');
    expect(rendered("duration('-0.0015s')")).toBe('-1.5ms');
    expect(rendered("duration('0s')")).toBe('0s');
    expect(rendered("b'abc'")).toBe('[97 98 99]');
    expect(
      rendered("[duration('1s'), b'ab', timestamp('2024-01-02T03:04:05Z')]"),
    ).toBe('[1000000000,"YWI=","2024-01-02T03:04:05Z"]');
  });
});

describe('the run labels, a Go map[string]string in OpenChoreo', () => {
  it('print with %v as an Argo argument and stay a map under any other value key', () => {
    const labels = { team: 'payments', 'app.kubernetes.io/name': 'cart' };
    const vars = toCel({ metadata: { labels } }) as Record<string, any>;
    markGoStrings(vars.metadata.labels);
    const rendered = postProcessRendered(
      renderTemplateValue(
        {
          spec: {
            arguments: {
              parameters: [{ name: 'l', value: '${metadata.labels}' }],
            },
            other: { value: '${metadata.labels}' },
            text: 'l=${metadata.labels}',
          },
        },
        renderScope(vars),
        'runTemplate',
      ),
    ) as any;
    expect(argoParameterText(rendered.spec.arguments.parameters[0].value)).toBe(
      'map[app.kubernetes.io/name:cart team:payments]',
    );
    expect(toJsonData(rendered.spec.other)).toEqual({ value: labels });
    expect(rendered.spec.text).toBe(
      'l={"app.kubernetes.io/name":"cart","team":"payments"}',
    );
  });
});

describe('Go formatting', () => {
  it('formats floats like %g', () => {
    expect(formatGoFloat(0.5)).toBe('0.5');
    expect(formatGoFloat(123456)).toBe('123456');
    expect(formatGoFloat(1234567)).toBe('1.234567e+06');
    expect(formatGoFloat(0.0001)).toBe('0.0001');
    expect(formatGoFloat(0.00001)).toBe('1e-05');
    expect(formatGoFloat(1e100)).toBe('1e+100');
  });
  it('marshals JSON with sorted keys and HTML escaping', () => {
    expect(goJson({ b: [1, 'x&y'], a: null })).toBe(
      '{"a":null,"b":[1,"x\\u0026y"]}',
    );
  });
  it('marshals -0 as -0 and refuses NaN and infinities, as encoding/json does', () => {
    expect(goJson([-0, 1e21, 1e-7, 12345678901234567890n])).toBe(
      '[-0,1e+21,1e-7,12345678901234567890]',
    );
    expect(() => goJson([Number.NaN])).toThrow('json: unsupported value: NaN');
    expect(() => goJson({ a: -Infinity })).toThrow(
      'json: unsupported value: -Inf',
    );
  });
});
