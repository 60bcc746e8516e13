import {
  findExpressions,
  isStandalone,
  NestedExpressionError,
} from './scanner';

describe('findExpressions', () => {
  it('finds none in plain text and leaves Argo syntax alone', () => {
    expect(findExpressions('hello')).toEqual([]);
    expect(findExpressions('{{workflow.parameters.x}}')).toEqual([]);
  });

  it('finds several expressions with their positions', () => {
    const text = 'image:${spec.image}:${spec.tag}';
    const found = findExpressions(text);
    expect(found.map(m => m.inner)).toEqual(['spec.image', 'spec.tag']);
    expect(found[0]).toMatchObject({
      full: '${spec.image}',
      start: 6,
      end: 19,
    });
    expect(text.slice(found[1].start, found[1].end)).toBe('${spec.tag}');
  });

  it('balances braces of map literals', () => {
    const [m] = findExpressions('${oc_merge({"a": 1}, {"b": {"c": 2}})}');
    expect(m.inner).toBe('oc_merge({"a": 1}, {"b": {"c": 2}})');
  });

  it('ignores braces inside single and double quotes', () => {
    expect(findExpressions('literal: ${"{"}')[0].inner).toBe('"{"');
    expect(findExpressions("${'}' + x}")[0].inner).toBe("'}' + x");
    expect(
      findExpressions('${"{metadata.name}=" + metadata.name}')[0].inner,
    ).toBe('"{metadata.name}=" + metadata.name');
  });

  it('honours backslash escapes inside quotes', () => {
    expect(findExpressions('${"a\\"}" + b}')[0].inner).toBe('"a\\"}" + b');
  });

  it('allows a quoted ${ inside an expression (the way to emit a literal ${)', () => {
    const [m] = findExpressions("${'${'}VAR}");
    expect(m.inner).toBe("'${'");
    expect(m.full).toBe("${'${'}");
  });

  it('rejects an unquoted nested ${', () => {
    expect(() => findExpressions('${a + ${b}}')).toThrow(NestedExpressionError);
    expect(() => findExpressions('${a + ${b}}')).toThrow(
      'nested CEL expressions must be quoted: ${a + ${',
    );
  });

  it('stops at an unclosed ${ and keeps what came before', () => {
    expect(findExpressions('${a} and ${b').map(m => m.inner)).toEqual(['a']);
    expect(findExpressions('${unclosed')).toEqual([]);
  });

  it('finds expressions in map keys the same way', () => {
    expect(findExpressions("${'port-' + string(metadata.port)}")[0].inner).toBe(
      "'port-' + string(metadata.port)",
    );
  });
});

describe('isStandalone', () => {
  it('is true only for one expression filling the trimmed string', () => {
    const check = (s: string) => isStandalone(s, findExpressions(s));
    expect(check('${a}')).toBe(true);
    expect(check('  ${a}\n')).toBe(true);
    expect(check('x${a}')).toBe(false);
    expect(check('${a}${b}')).toBe(false);
    expect(check('plain')).toBe(false);
  });
});
