/*
 * Property tests of the `${…}` scanner and of renderString: random template text only ever
 * gives matches, a NestedExpressionError (scanner) or a RenderError (renderString).
 * Seeded (FC_SEED overrides); fast-check prints the seed and path of a failing case.
 */
import fc from 'fast-check';
import { RenderError } from './errors';
import { CelMatch, findExpressions, NestedExpressionError } from './scanner';
import { renderScope, renderString } from './template';
import { toCel } from './values';
import {
  attempt,
  propertyParams,
} from '../schema/__testUtils__/propertyArbitraries';

const TEMPLATE_TOKENS = [
  '${',
  '$',
  '{',
  '}',
  '}}',
  "'",
  '"',
  '\\',
  '\\"',
  "\\'",
  ' ',
  '\n',
  'a',
  'x-',
  'parameters',
  'parameters.name',
  'parameters.count',
  'parameters.list',
  'parameters.map',
  'parameters["k"]',
  'metadata.workflowRunName',
  '.',
  '[0]',
  '[',
  ']',
  '(',
  ')',
  '+',
  ' + ',
  '1',
  '1.5',
  '?',
  ':',
  ',',
  '==',
  '&&',
  'size(',
  '.map(x, x)',
  '.filter(x, true)',
  'has(',
  'oc_omit()',
  'oc_merge(',
  'oc_hash(',
  'oc_dns_label(',
  'oc_generate_name(',
  '.orValue(',
  '.?',
  '{"k": 1}',
  "'str'",
  '"str"',
  'true',
  'null',
  '1/0',
  'int("x")',
  '\u00e9',
];

const tokenText = fc
  .array(
    fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...TEMPLATE_TOKENS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    ),
    { maxLength: 16 },
  )
  .map(parts => parts.join(''));

/** Token text, and some with a `${` opened inside another (nested unless closed first). */
const templateText = fc.oneof(
  { weight: 4, arbitrary: tokenText },
  {
    weight: 1,
    arbitrary: fc
      .tuple(tokenText, tokenText)
      .map(([a, b]) => `${a}\${${b}\${${a}`),
  },
);

/** What is wrong with the matches of `text` (empty when they are well-formed and ordered). */
function matchProblems(text: string, matches: CelMatch[]): string[] {
  const problems: string[] = [];
  let previousEnd = 0;
  for (const m of matches) {
    if (m.start < previousEnd || m.end <= m.start)
      problems.push(`order ${m.start}`);
    if (text.slice(m.start, m.end) !== m.full)
      problems.push(`slice ${m.start}`);
    if (!m.full.startsWith('${') || !m.full.endsWith('}'))
      problems.push(`delimiters ${m.full}`);
    if (m.inner !== m.full.slice(2, -1)) problems.push(`inner ${m.inner}`);
    previousEnd = m.end;
  }
  // No complete expression is left unfound after the last match.
  const rest = text.slice(previousEnd);
  if (rest.includes('${') && findExpressions(rest).length > 0)
    problems.push('missed');
  return problems;
}

/** What is wrong with a NestedExpressionError thrown for `text` (empty when it quotes the nesting). */
function nestedProblems(text: string, error: NestedExpressionError): string[] {
  // The error quotes the text from the outer `${` to the nested one.
  const { fragment } = error;
  const problems: string[] = [];
  if (!fragment.startsWith('${')) problems.push(`opens ${fragment}`);
  if (fragment.length < 4 || !fragment.endsWith('${'))
    problems.push(`nests ${fragment}`);
  if (!text.includes(fragment)) problems.push(`quoted ${fragment}`);
  return problems;
}

describe('findExpressions (property)', () => {
  it('returns well-formed, ordered matches or throws NestedExpressionError', () => {
    const reached = { matches: 0, nested: 0 };
    fc.assert(
      fc.property(templateText, text => {
        const { value: matches, error } = attempt(() => findExpressions(text));
        if (error !== undefined && !(error instanceof NestedExpressionError))
          throw error;
        if (error) reached.nested++;
        else if (matches!.length > 0) reached.matches++;
        expect(
          error ? nestedProblems(text, error) : matchProblems(text, matches!),
        ).toEqual([]);
      }),
      propertyParams(500),
    );
    // The generator must reach both outcomes, or one branch is never tested.
    expect(reached.matches).toBeGreaterThan(0);
    expect(reached.nested).toBeGreaterThan(0);
  });
});

describe('renderString (property)', () => {
  const variables = toCel({
    parameters: {
      name: 'demo',
      count: 3,
      ratio: 0.5,
      list: ['a', 1, true, null],
      map: { k: 'v', n: 2 },
    },
    metadata: { workflowRunName: 'run-1', namespaceName: 'default' },
  }) as Record<string, unknown>;

  it('returns a value or throws RenderError naming the location', () => {
    fc.assert(
      fc.property(templateText, text => {
        const { error } = attempt(() =>
          renderString(text, renderScope(variables), 'runTemplate.spec.x'),
        );
        if (error === undefined) return;
        if (!(error instanceof RenderError)) throw error;
        expect(error.location).toBe('runTemplate.spec.x');
        expect(error.message).toMatch(/^runTemplate\.spec\.x: /);
      }),
      propertyParams(500),
    );
  });
});

describe('toCel with a key named __proto__ (found by the properties)', () => {
  it('keeps it as an own key and does not inherit from it', () => {
    const cel = toCel(JSON.parse('{"__proto__": {"x": 1}, "y": 2}')) as any;
    expect(Object.keys(cel)).toEqual(['__proto__', 'y']);
    expect(cel.x).toBeUndefined();
    expect(
      renderString(
        '${has(parameters.x)}',
        renderScope({ parameters: cel }),
        'l',
      ),
    ).toBe(false);
  });
});
