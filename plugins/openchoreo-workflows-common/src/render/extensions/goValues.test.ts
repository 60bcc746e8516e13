import { renderScope, renderString } from '../template';
import { toJsonData } from '../goTree';
import { evaluateCel } from '../cel';
import { isOmit } from '../values';

/** How CEL values that are not JSON reach the rendered object (OpenChoreo's convertCELValue). */
describe('types, timestamps and durations in rendered templates', () => {
  const render = (text: string) =>
    toJsonData(renderString(text, renderScope({}), 'spec.x'));

  it('prints a type as its cel-go name, standalone and interpolated', () => {
    expect(render('${type(1)}')).toBe('int');
    expect(render('${type(1.5)}')).toBe('double');
    expect(render('${type(null)}')).toBe('null_type');
    expect(render('${type(optional.none())}')).toBe('optional_type');
    expect(render('${type([])} and ${type({})}')).toBe('list and map');
    expect(render('${[type("a"), type(b"a"), type(1u), type(true)]}')).toEqual([
      'string',
      'bytes',
      'uint',
      'bool',
    ]);
    expect(render('${type(type(1))}')).toBe('type');
    expect(render("${type(duration('1s'))}")).toBe('google.protobuf.Duration');
  });

  // Checked against OpenChoreo's own engine (tools/openchoreo-oracle): its
  // oc_omit() marker converts to itself (custom_functions.go:72-74), found by
  // the differential test (case s20261130-b0-137).
  it('takes type(oc_omit()) for oc_omit() itself, so the item holding it is removed', () => {
    expect(render('${[null, oc_omit()].map(x, type(x))}')).toEqual([
      'null_type',
    ]);
    expect(render('${{"a": type(oc_omit()), "b": type(1)}}')).toEqual({
      b: 'int',
    });
    expect(
      render(
        '${[type(type(oc_omit())) == oc_omit(), type(oc_omit()) == type(1)]}',
      ),
    ).toEqual([true, false]);
    expect(() => evaluateCel('int(oc_omit())', {})).toThrow(
      'no such overload: int(omit)',
    );
  });

  // Found by the differential test (case s1-b72-36475): a list or map typed
  // list<type> / map<string, type> gives the marker back when read (omitItems.ts).
  it('reads type(oc_omit()) out of a list or map of types, which removes the field', () => {
    const rendered = renderString(
      '${[2u, oc_omit()].map(x, type(x))[1]}',
      renderScope({}),
      'spec.x',
    );
    expect(isOmit(rendered)).toBe(true);
    expect(isOmit(evaluateCel("{'a': type(oc_omit())}.a", {}))).toBe(true);
    expect(isOmit(evaluateCel("{'a': type(oc_omit())}['a']", {}))).toBe(true);
    expect(render('${{"k": [type(1), type(oc_omit())][1], "v": 1}}')).toEqual({
      v: 1,
    });
    expect(render('${[type(1), type(oc_omit())][0]}')).toBe('int');
    expect(() => evaluateCel('[type(1)][1]', {})).toThrow(
      'index out of bounds',
    );
  });

  it("writes a timestamp as Go's RFC 3339 with nanoseconds, quoted when interpolated (json.Marshal)", () => {
    expect(render("${timestamp('2023-02-03T23:31:20.120Z')}")).toBe(
      '2023-02-03T23:31:20.12Z',
    );
    expect(render("${timestamp('2023-02-03T23:31:20Z')}")).toBe(
      '2023-02-03T23:31:20Z',
    );
    expect(render("t=${timestamp('2023-02-03T23:31:20Z')}")).toBe(
      't="2023-02-03T23:31:20Z"',
    );
  });

  it('writes a duration as Go time.Duration does: nanoseconds', () => {
    expect(render("${duration('1.5s')}")).toBe(1500000000);
    expect(render("d=${duration('1m')}")).toBe('d=60000000000');
  });

  it('rejects a namespace used as a value, as cel-go does', () => {
    expect(() => evaluateCel('math', {})).toThrow(
      "undeclared reference to 'math'",
    );
  });
});

describe('what the preview cannot evaluate fails with a message naming it', () => {
  it('names optional list and map entries, which cel-js cannot parse', () => {
    expect(() => evaluateCel('[?optional.none(), 1]', {})).toThrow(
      /optional list and map entries .* are not supported by this preview/,
    );
    expect(() => evaluateCel("{?'a': optional.of(1)}", {})).toThrow(
      /optional list and map entries/,
    );
  });
});
