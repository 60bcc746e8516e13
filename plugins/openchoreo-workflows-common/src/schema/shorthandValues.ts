/* The values of the shorthand schema (defaults, enums, examples) and the problems found in them (see shorthand.ts). */
import {
  goParseBool,
  goParseFloat,
  goParseInt,
  unquoteIfNeeded,
} from './shorthandLexer';
import { JSONSchema } from './types';
import { formatFieldError, validateParameters } from './validate';
import { toDraft07 } from './openapi';

/** A problem found while parsing one shorthand string; located by the field that holds it. */
export class ShorthandProblem extends Error {}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

export function joinPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/** Parses a default/enum value for the schema type (Go `parseValueForType`). */
export function parseValueForType(value: string, schemaType: unknown): unknown {
  switch (schemaType) {
    case 'string':
      return unquoteIfNeeded(value);
    case 'integer': {
      if (value === '') throw new ShorthandProblem('empty integer value');
      const parsed = goParseInt(value);
      if (typeof parsed === 'string')
        throw new ShorthandProblem(`"${value}" is not an integer (${parsed})`);
      return parsed;
    }
    case 'number': {
      if (value === '') throw new ShorthandProblem('empty number value');
      const parsed = goParseFloat(value);
      if (typeof parsed === 'string')
        throw new ShorthandProblem(`"${value}" is not a number (${parsed})`);
      return parsed;
    }
    case 'boolean': {
      const parsed = goParseBool(value);
      if (parsed === undefined)
        throw new ShorthandProblem(`"${value}" is not a boolean`);
      return parsed;
    }
    case 'array':
    case 'object': {
      if (value.trim() === '')
        throw new ShorthandProblem(`empty ${schemaType} value`);
      try {
        return JSON.parse(value);
      } catch {
        throw new ShorthandProblem('not valid JSON');
      }
    }
    default:
      throw new ShorthandProblem(
        `unsupported schema type "${String(schemaType)}"`,
      );
  }
}

/** Best effort for `example=`: JSON when it starts with `{`/`[`, else bool, int, float, string (Go `parseArbitraryValue`). */
export function parseArbitraryValue(raw: string): unknown {
  const value = raw.trim();
  if (value === '') return '';
  if (value.startsWith('{') || value.startsWith('[')) {
    try {
      return JSON.parse(value);
    } catch {
      throw new ShorthandProblem('not valid JSON');
    }
  }
  const bool = goParseBool(value);
  if (bool !== undefined) return bool;
  const int = goParseInt(value);
  if (typeof int === 'number') return int;
  const float = goParseFloat(value);
  if (typeof float === 'number') return float;
  return value;
}

export function describeDefaultErrors(
  schema: JSONSchema,
  value: unknown,
): string | undefined {
  const errors = validateParameters(toDraft07(schema), value);
  if (errors.length === 0) return undefined;
  return errors.map(formatFieldError).join('; ');
}
