import { RenderError } from './errors';
import { formatGoFloat, goJson } from './goformat';
import { postProcessRendered } from './postprocess';
import { renderTemplateValue } from './template';
import { toCel } from './values';

const render = (template: unknown, vars: Record<string, unknown> = {}) =>
  renderTemplateValue(template, toCel(vars) as Record<string, unknown>, 'runTemplate');

const caught = (fn: () => unknown): RenderError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RenderError) return e;
    throw e;
  }
  throw new Error('expected a RenderError');
};

describe('renderTemplateValue', () => {
  const vars = {
    metadata: { name: 'checkout' },
    spec: { replicas: 2, ratio: 0.5, big: 1e6, on: true, list: [1, 'a'], map: { b: 1, a: '<x>' } },
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
    expect(render('${"{metadata.name}=" + metadata.name}', vars)).toBe('{metadata.name}=checkout');
    expect(render("echo ${'${'}HOME}")).toBe('echo ${HOME}');
    expect(render('{{workflow.parameters.x}}')).toBe('{{workflow.parameters.x}}');
  });

  it('renders dynamic map keys, which must be strings', () => {
    expect(
      render({ services: { "${'port-' + string(metadata.port)}": '${metadata.serviceName}' } }, {
        metadata: { port: 8080, serviceName: 'web-service' },
      }),
    ).toEqual({ services: { 'port-8080': 'web-service' } });
    const error = caught(() => render({ labels: { '${metadata.port}': 'x' } }, { metadata: { port: 1 } }));
    expect(error.message).toContain("dynamic map key '${metadata.port}' must evaluate to a string");
    expect(error.location).toBe('runTemplate.labels["${metadata.port}"]');
  });

  it('names the expression and its location on errors', () => {
    const error = caught(() =>
      render({ spec: { arguments: { parameters: [{ name: 'a', value: 'x' }, { name: 'b', value: '${parameters.missing}' }] } } }, { parameters: {} }),
    );
    expect(error.expression).toBe('parameters.missing');
    expect(error.location).toBe('runTemplate.spec.arguments.parameters[1].value');
    expect(error.message).toMatch(/no such key/i);
    const undeclared = caught(() => render({ a: '${nothere.x}' }, {}));
    expect(undeclared.message).toMatch(/nothere/);
    const nested = caught(() => render({ a: '${a + ${b}}' }));
    expect(nested.message).toContain('nested CEL expressions must be quoted');
    expect(nested.location).toBe('runTemplate.a');
    const parse = caught(() => render({ a: '${1 +}' }));
    expect(parse.expression).toBe('1 +');
  });

  it('leaves an unclosed ${ as literal text', () => {
    expect(render('cost: ${unclosed')).toBe('cost: ${unclosed');
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
    expect(goJson({ b: [1, 'x&y'], a: null })).toBe('{"a":null,"b":[1,"x\\u0026y"]}');
  });
});
