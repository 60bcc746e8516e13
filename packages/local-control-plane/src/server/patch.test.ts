import { jsonPatch, mergePatch, patchTypeOf } from './patch';

describe('patches', () => {
  it('applies JSON merge patches (null deletes)', () => {
    expect(
      mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] }),
    ).toEqual({ a: 1, b: { d: 3, e: 4 }, f: [1] });
  });

  it('applies JSON patches', () => {
    const doc = {
      metadata: { finalizers: ['a', 'b'], labels: { 'x/y': '1' } },
    };
    expect(
      jsonPatch(doc, [
        { op: 'remove', path: '/metadata/finalizers/0' },
        { op: 'add', path: '/metadata/finalizers/-', value: 'c' },
        { op: 'replace', path: '/metadata/labels/x~1y', value: '2' },
        { op: 'copy', from: '/metadata/labels', path: '/spec' },
        { op: 'test', path: '/spec/x~1y', value: '2' },
      ]),
    ).toEqual({
      metadata: { finalizers: ['b', 'c'], labels: { 'x/y': '2' } },
      spec: { 'x/y': '2' },
    });
    expect(doc.metadata.finalizers).toEqual(['a', 'b']);
    expect(() =>
      jsonPatch(doc, [
        { op: 'test', path: '/metadata/finalizers/0', value: 'z' },
      ]),
    ).toThrow(/testing value/);
    expect(() =>
      jsonPatch(doc, [{ op: 'replace', path: '/nope', value: 1 }]),
    ).toThrow(/missing/);
  });

  it('knows the patch content types', () => {
    expect(patchTypeOf('application/json-patch+json')).toBe('json');
    expect(patchTypeOf('application/merge-patch+json; charset=utf-8')).toBe(
      'merge',
    );
    expect(patchTypeOf('application/strategic-merge-patch+json')).toBe(
      'strategic',
    );
    expect(() => patchTypeOf('text/plain')).toThrow(/unknown format/);
  });
});
