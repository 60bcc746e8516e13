import { makeFilter, matchesFilter, parseLabelSelector } from './selectors';

const obj = (
  labels: Record<string, string>,
  name = 'x',
  namespace = 'default',
) =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { nodeName: 'n1' },
  } as any);

describe('selectors', () => {
  it.each([
    ['a=1', { a: '1' }, true],
    ['a==1', { a: '2' }, false],
    ['a!=1', {}, true],
    ['a in (1, 2)', { a: '2' }, true],
    ['a notin (1,2)', { a: '2' }, false],
    ['a', { a: '' }, true],
    ['!a', { a: '' }, false],
    ['a=1,!b,c in (x)', { a: '1', c: 'x' }, true],
    [
      'openchoreo.dev/workflow-type',
      { 'openchoreo.dev/workflow-type': 'component' },
      true,
    ],
    ['!openchoreo.dev/workflow-type', {}, true],
  ])('label selector %s on %j is %s', (selector, labels, expected) => {
    expect(matchesFilter(makeFilter(selector), obj(labels))).toBe(expected);
  });

  it('matches field selectors on any path', () => {
    expect(
      matchesFilter(
        makeFilter(
          undefined,
          'metadata.name=x,metadata.namespace!=kube-system',
        ),
        obj({}),
      ),
    ).toBe(true);
    expect(
      matchesFilter(makeFilter(undefined, 'spec.nodeName=n2'), obj({})),
    ).toBe(false);
  });

  it('rejects malformed selectors', () => {
    expect(() => parseLabelSelector('a in b')).toThrow(/unable to parse/);
  });
});
