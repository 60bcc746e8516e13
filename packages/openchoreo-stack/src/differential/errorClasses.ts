/*
 * Error messages of both engines, mapped to classes: cel-js and cel-go word
 * many errors differently (docs/divergences.md, "CEL: error wording"), the
 * class is what must agree.
 */

/** [class, pattern matching cel-go's (OpenChoreo's) or cel-js's (our) wording]. */
const CLASSES: Array<[string, RegExp]> = [
  ['serialize', /cannot be sent as JSON|unsupported value: (NaN|[+-]Inf)/],
  ['nested-expression', /nested CEL expressions/],
  ['include-when', /includeWhen must evaluate to boolean/],
  ['map-key', /dynamic map key/],
  ['resource', /rendered resource (missing|is not a map)|not a map, got/],
  [
    'syntax',
    /Syntax error|mismatched input|Unexpected token|Unexpected character|Expected .* but got|Unterminated|Invalid (number|string|escape)/i,
  ],
  ['undeclared', /undeclared reference|Unknown variable/],
  [
    'optional-none',
    /optional\.none\(\) dereference|Optional value is not present/,
  ],
  ['division-by-zero', /division by zero|modulus by zero|modulo by zero/],
  ['overflow', /integer overflow|out of int(64)? range|out of range of int/i],
  ['index-out-of-range', /index out of (range|bounds)|cannot slice/],
  ['no-such-key', /no such key/i],
  [
    'format',
    /error during formatting|too many arguments supplied to string\.format/,
  ],
  ['base64', /illegal base64/],
  ['regex', /error parsing regexp|invalid regular expression/i],
  ['mixed-list', /list elements must have the same type/],
  ['range', /lists\.range/],
  [
    'conversion',
    /type conversion error|cannot convert|requires a string in ISO|Invalid duration|invalid (timestamp|duration)/i,
  ],
  [
    'no-such-overload',
    /no such overload|no matching overload|Cannot index type|unsupported (operand|type)|branches must have the same type|must be compatible type|join: invalid input|must be comparable|expected iterable type|cannot be range of a comprehension/i,
  ],
  ['negative-offset', /negative offset/],
  [
    'oc-function',
    /oc_merge|oc_generate_name|oc_dns_label|at least one name part/,
  ],
  ['string-limit', /exceeds the limit|too long/],
];

/**
 * What an error message says after the failing expression (`in expression
 * '...': `), so that the expression and its location, which may contain
 * anything, do not decide the class.
 */
export function errorText(message: string): string {
  // Ours: "OpenChoreo cannot render this run: `<expression>`: <reason>".
  const ours = 'OpenChoreo cannot render this run: `';
  if (message.startsWith(ours)) {
    const end = message.lastIndexOf('`: ');
    if (end >= ours.length) return message.slice(end + 3);
  }
  const marker = "in expression '";
  const start = message.indexOf(marker);
  if (start < 0) return message;
  const rest = message.slice(start + marker.length);
  // A compile error quotes cel-go's report after the expression; an evaluation error only a message.
  const compiled = rest.indexOf("': ERROR: <input>:");
  const end = compiled >= 0 ? compiled : rest.lastIndexOf("': ");
  return end < 0 ? message : rest.slice(end + 3);
}

/** The class of an error message (`other` when none matches). */
export function errorClass(message: string): string {
  const text = errorText(message);
  for (const [name, pattern] of CLASSES) {
    if (pattern.test(text)) return name;
  }
  return 'other';
}

/** cel-go reports a static type error before evaluating anything. */
export function isCompileError(message: string): boolean {
  return /CEL compilation error|CEL program creation error/.test(message);
}

/** The expression named in an error message (`in expression '...'`), if any. */
export function failingExpression(message: string): string | undefined {
  const match = /in expression '(.*)': /s.exec(message);
  return match?.[1];
}

/** The error classes the floors require the grammar to reach (see floors.ts). */
export const REQUIRED_ERROR_CLASSES = [
  'no-such-overload',
  'no-such-key',
  'division-by-zero',
  'overflow',
  'index-out-of-range',
  'undeclared',
  'syntax',
  'conversion',
  'optional-none',
  'format',
  'base64',
  'regex',
  'mixed-list',
  'range',
  'include-when',
  'map-key',
  'serialize',
];
