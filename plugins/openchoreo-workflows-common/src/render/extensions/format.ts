import { Optional } from '@marcbachmann/cel-js';
import { goFixed, goScientific, goShortestFixed } from './goNumbers';
import {
  celError,
  celTypeNameOf,
  goTypeName,
  isBytes,
  isDuration,
  isType,
  isUint,
  listItems,
  mapEntries,
  type CelDuration,
} from './values';

/**
 * `<string>.format(<list>)` of cel-go's ext.Strings at its latest version, as
 * OpenChoreo enables it (cel-go v0.29.2 ext/formatting_v2.go): clauses %s %d
 * %f %e %b %x %X %o and %%, an optional precision `.N` (at most 100, cel-go's
 * default bound), no widths.
 */

/** cel-go's default bound on a clause's precision (ext/strings.go, version >= 5). */
export const MAX_FORMAT_PRECISION = 100;

type Clause = 's' | 'd' | 'f' | 'e' | 'b' | 'x' | 'X' | 'o';

class FormatError extends Error {}

const CLAUSE_TYPES: Record<Clause, [string[], string]> = {
  s: [
    [
      'list',
      'map',
      'int',
      'uint',
      'double',
      'bool',
      'string',
      'google.protobuf.Timestamp',
      'bytes',
      'google.protobuf.Duration',
      'type',
      'null_type',
    ],
    'string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given %s',
  ],
  d: [
    ['int', 'uint', 'double'],
    'decimal clause can only be used on ints, uints, and doubles, was given %s',
  ],
  f: [
    ['int', 'uint', 'double'],
    'fixed-point clause can only be used on ints, uints, and doubles, was given %s',
  ],
  e: [
    ['int', 'uint', 'double'],
    'scientific clause can only be used on ints, uints, and doubles, was given %s',
  ],
  b: [
    ['bool', 'int', 'uint'],
    'only ints, uints, and bools can be formatted as binary, was given %s',
  ],
  x: [
    ['int', 'uint', 'string', 'bytes'],
    'only ints, uints, bytes, and strings can be formatted as hex, was given %s',
  ],
  X: [
    ['int', 'uint', 'string', 'bytes'],
    'only ints, uints, bytes, and strings can be formatted as hex, was given %s',
  ],
  o: [
    ['int', 'uint'],
    'octal clause can only be used on ints and uints, was given %s',
  ],
};

function clauseTypeError(clause: Clause, typeName: string): FormatError {
  return new FormatError(CLAUSE_TYPES[clause][1].replace('%s', typeName));
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function hex(bytes: Uint8Array, upper: boolean): string {
  const text = Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  return upper ? text.toUpperCase() : text;
}

function specialDouble(d: number): string | undefined {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  return undefined;
}

function durationSeconds(d: CelDuration): number {
  return Number(d.seconds) + d.nanos / 1e9;
}

/** Go's RFC3339Nano of a UTC time (fraction without trailing zeros); CEL years are 1..9999. */
export function goTimestamp(t: Date): string {
  const iso = t.toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/** The `%s` text of a value (cel-go's appendingFormatterV2). */
export function formatString(v: unknown): string {
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return specialDouble(v) ?? goShortestFixed(v);
    case 'string':
      return v;
    default:
  }
  if (v === null) return 'null';
  if (isUint(v)) return v.valueOf().toString();
  if (isBytes(v)) return new TextDecoder().decode(v);
  if (isDuration(v)) return `${goShortestFixed(durationSeconds(v))}s`;
  if (v instanceof Date) return goTimestamp(v);
  if (isType(v)) return goTypeName(v);
  if (Array.isArray(v) || v instanceof Set) {
    return `[${listItems(v).map(formatString).join(', ')}]`;
  }
  if (v instanceof Optional || celTypeNameOf(v) !== 'map') {
    throw clauseTypeError('s', celTypeNameOf(v));
  }
  const entries = mapEntries(v).map(([k, val]) => [
    formatString(k),
    formatString(val),
  ]);
  entries.sort(([a], [b]) => compareUtf8(a, b));
  return `{${entries.map(([k, val]) => `${k}: ${val}`).join(', ')}}`;
}

function compareUtf8(a: string, b: string): number {
  const x = utf8(a);
  const y = utf8(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

function asFloat(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (isUint(v)) return Number(v.valueOf());
  return undefined;
}

function asInteger(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (isUint(v)) return v.valueOf();
  return undefined;
}

function formatClause(clause: Clause, precision: number, v: unknown): string {
  const bad = () => clauseTypeError(clause, celTypeNameOf(v));
  switch (clause) {
    case 's':
      return formatString(v);
    case 'd': {
      const i = asInteger(v);
      if (i !== undefined) return i.toString();
      if (typeof v !== 'number') throw bad();
      return specialDouble(v) ?? goShortestFixed(v);
    }
    case 'f':
    case 'e': {
      const d = asFloat(v);
      if (d === undefined) throw bad();
      const special = specialDouble(d);
      if (special) return special;
      return clause === 'f'
        ? goFixed(d, precision)
        : goScientific(d, precision);
    }
    case 'b':
      if (typeof v === 'boolean') return v ? '1' : '0';
      return (asInteger(v) ?? throwError(bad())).toString(2);
    case 'o':
      return (asInteger(v) ?? throwError(bad())).toString(8);
    default: {
      const upper = clause === 'X';
      if (typeof v === 'string') return hex(utf8(v), upper);
      if (isBytes(v)) return hex(v, upper);
      const text = (asInteger(v) ?? throwError(bad())).toString(16);
      return upper ? text.toUpperCase() : text;
    }
  }
}

function throwError(e: Error): never {
  throw e;
}

/** What a literal argument is known to be before evaluation (for the compile-time check). */
export interface StaticArg {
  /** cel-go type name, or 'dyn' when only evaluation can tell. */
  type: string;
  /** Elements (lists) or keys and values (maps) of a literal. */
  elements?: StaticArg[];
}

function checkStatic(clause: Clause, arg: StaticArg): void {
  if (arg.type === 'dyn') return;
  if (!CLAUSE_TYPES[clause][0].includes(arg.type))
    throw clauseTypeError(clause, arg.type);
  if (clause === 's') for (const e of arg.elements ?? []) checkStatic('s', e);
}

/** Parses `.N` after a `%`; returns [characters read, precision]. */
function parsePrecision(rest: string): [number, number] {
  if (rest[0] !== '.') return [0, 6];
  let i = 1;
  while (i < rest.length && rest[i] >= '0' && rest[i] <= '9') i++;
  if (i >= rest.length) {
    throw new FormatError(
      'error while parsing precision: could not find end of precision specifier',
    );
  }
  const digits = rest.slice(1, i);
  const syntax = (why: string) =>
    new FormatError(
      `error while parsing precision: error while converting precision to integer: strconv.Atoi: parsing ${JSON.stringify(
        digits,
      )}: ${why}`,
    );
  if (digits === '') throw syntax('invalid syntax');
  const precision = BigInt(digits);
  if (precision > 2n ** 63n - 1n) throw syntax('value out of range');
  if (precision > BigInt(MAX_FORMAT_PRECISION)) {
    throw new FormatError(
      `error while parsing precision: precision ${precision} exceeds maximum allowed precision ${MAX_FORMAT_PRECISION}`,
    );
  }
  return [i, Number(precision)];
}

function parseClause(rest: string): [number, Clause, number] {
  const [read, precision] = parsePrecision(rest);
  const c = rest[read];
  if (!'sdfebxXo'.includes(c)) {
    const firstByte = String.fromCharCode(utf8(c)[0]);
    throw new FormatError(`unrecognized formatting clause "${firstByte}"`);
  }
  return [read + 1, c as Clause, precision];
}

/**
 * Runs a format string over `count` arguments; `apply(index, clause,
 * precision)` gives the text of one clause. Returns the text and how many
 * arguments were used.
 */
function interpolate(
  format: string,
  count: number,
  apply: (index: number, clause: Clause, precision: number) => string,
  checking = false,
): [string, number] {
  let out = '';
  let argIndex = 0;
  let i = 0;
  while (i < format.length) {
    if (format[i] !== '%') {
      out += format[i++];
      continue;
    }
    if (format[i + 1] === '%') {
      out += '%';
      i += 2;
      continue;
    }
    // Evaluation fetches the argument first; the compile-time check does not.
    if (!checking && argIndex >= count) {
      throw new FormatError(`index ${argIndex} out of range`);
    }
    if (i + 1 >= format.length) {
      throw new FormatError('unexpected end of string');
    }
    if (argIndex >= count) {
      throw new FormatError(`index ${argIndex} out of range`);
    }
    let clause: [number, Clause, number];
    try {
      clause = parseClause(format.slice(i + 1));
    } catch (e) {
      throw new FormatError(
        `could not parse formatting clause: ${(e as Error).message}`,
      );
    }
    try {
      out += apply(argIndex, clause[1], clause[2]);
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      throw new FormatError(`error during formatting: ${e.message}`);
    }
    i += 1 + clause[0];
    argIndex++;
  }
  return [out, argIndex];
}

function asCelError(e: unknown): unknown {
  return e instanceof FormatError ? celError(e.message) : e;
}

/** `format.format(args)`. */
export function formatCall(format: string, args: unknown[]): string {
  try {
    return interpolate(format, args.length, (i, clause, precision) =>
      formatClause(clause, precision, args[i]),
    )[0];
  } catch (e) {
    throw asCelError(e);
  }
}

/**
 * cel-go's compile-time check of a constant format string with a list
 * literal (stringFormatValidatorV2): clause/argument types and unused arguments.
 */
export function checkFormatCall(format: string, args: StaticArg[]): void {
  let used: number;
  try {
    used = interpolate(
      format,
      args.length,
      (i, clause) => {
        checkStatic(clause, args[i]);
        return '';
      },
      true,
    )[1];
  } catch (e) {
    throw asCelError(e);
  }
  if (args.length > used) {
    throw celError(
      `too many arguments supplied to string.format (expected ${used}, got ${args.length})`,
    );
  }
}
