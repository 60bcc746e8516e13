/*
 * Divergences from OpenChoreo that are known and documented in
 * docs/divergences.md (each entry names its section there). A difference
 * that none of them explains fails the differential test.
 */
import { DiffCase } from './caseArbitrary';
import { Difference } from './compare';
import { ARGUMENT_ORDER } from './argumentOrder';

export interface DeliberateDivergence {
  /** Short name, as the report prints it. */
  name: string;
  /** The `## ` section of docs/divergences.md that explains it. */
  section: string;
  explains(d: Difference, c: DiffCase): boolean;
}

const COMPILE_ERROR = /CEL compilation error in expression/;

/** Every string in a JSON value (the case's template strings among them). */
function templateStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(templateStrings);
}

/** The part of a difference that is OpenChoreo's message (after "OpenChoreo"). */
function theirs(d: Difference): string {
  const at = d.detail.indexOf('OpenChoreo ');
  return at >= 0 ? d.detail.slice(at) : '';
}

export const DELIBERATE: DeliberateDivergence[] = [
  {
    name: 'map keys that are not strings',
    section: 'CEL: maps with int, uint or bool keys',
    explains: d =>
      /Variable '\w+' is not of type '(int|uint|bool)', got 'string'/.test(
        d.detail,
      ) ||
      (COMPILE_ERROR.test(theirs(d)) &&
        /applied to '\(map\((int|uint|bool),/.test(theirs(d))),
  },
  {
    // cel-go type-checks every expression before evaluating it, with the static
    // types of literals and of its extension functions' results; our checker
    // sees dyn where cel-go knows more, and reports another static error first.
    name: 'static type checks of cel-go',
    section: 'CEL: static type errors cel-go reports at compile time',
    explains: d => COMPILE_ERROR.test(theirs(d)),
  },
  {
    // Chained macros over dyn lists (sortBy, map over type values) make
    // cel-go's planner fail: `parameters.?a.orValue([1, 2]).sortBy(x,
    // string(x)).map(x, string(x))` is "no such overload: string(int)", a
    // call that never fails otherwise; `[1].map(x, type(x)).transformList(i,
    // v, v)` is "reference to undefined type: v".
    name: 'cel-go bugs in chained comprehensions',
    section: 'CEL: chained comprehensions that cel-go fails to evaluate',
    explains: d =>
      /reference to undefined type: \w+|no such overload: string\((int|uint|double|bool)\)/.test(
        theirs(d),
      ),
  },
  {
    // cel-js compares a uint with an int or double only at the top level:
    // `dyn(2u) in [1, 2]` and `[dyn(1u)] == [dyn(1)]` are false here, true in
    // cel-go. Explained when a template string of the case compares or looks
    // up a uint literal.
    name: 'uint equality inside lists and maps',
    section: 'CEL: a uint equals an int or double only at the top level',
    explains: (d, c) =>
      (d.aspect === 'render' || d.aspect === 'error-class') &&
      templateStrings(c.workflow).some(
        t => /\b\d+u\b/.test(t) && /\s(in|==|!=)\s/.test(t),
      ),
  },
  {
    name: 'argument order of cel-js',
    section: 'CEL: which error a call with several failing arguments reports',
    explains: d => d.detail.includes(ARGUMENT_ORDER),
  },
  {
    // cel-js types ['a'] + [1] by its left operand (list<string>) and refuses
    // b'ab' in it; cel-go joins the element types to dyn.
    name: 'list concatenation typed by its left operand',
    section: 'CEL: static type errors cel-go reports at compile time',
    explains: d =>
      /^ours fails \(.*no such overload: \w+ in list<\w+>\), OpenChoreo renders$/s.test(
        d.detail,
      ),
  },
  {
    // cel-go types `sort()` of a list(dyn) as dyn (an overload per comparable
    // element type, several match, checker.go resolveOverload joins their
    // results to dyn); cel-js as list<dyn>, so `optional.of([1, 'a'].sort())
    // .orValue(1)` fails its type check here and only at run time there.
    name: 'sort() of a list<dyn> typed as a list',
    section: 'CEL: static type errors cel-go reports at compile time',
    explains: d =>
      d.aspect === 'error-class' &&
      /\.sort\(\)/.test(d.detail) &&
      /^ours no-such-overload \(.*(Ternary branches must have the same type|argument must be compatible type), got '[^']*' and '[^']*'/s.test(
        d.detail,
      ) &&
      /got '[^']*list<dyn>[^']*' and|and '[^']*list<dyn>/.test(d.detail),
  },
];

/** The deliberate divergence that explains a difference, if any. */
export function deliberateFor(
  d: Difference,
  c: DiffCase,
): DeliberateDivergence | undefined {
  return DELIBERATE.find(x => x.explains(d, c));
}
