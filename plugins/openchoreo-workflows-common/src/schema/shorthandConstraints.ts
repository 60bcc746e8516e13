/* The constraints of a shorthand field (`type | key=value ...`), as OpenChoreo's extractor reads them (see shorthand.ts). */
import {
  goParseBool,
  goParseFloat,
  goParseInt,
  splitRespectingQuotes,
  tokenizeConstraints,
  unquoteIfNeeded,
} from './shorthandLexer';
import type { ShorthandOptions } from './shorthand';
import {
  describeDefaultErrors,
  parseArbitraryValue,
  parseValueForType,
  ShorthandProblem,
} from './shorthandValues';
import { JSONSchema } from './types';

const INT_KEYWORDS = [
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
];
const FLOAT_KEYWORDS = ['minimum', 'maximum', 'multipleOf'];
const STRING_KEYWORDS = ['pattern', 'title', 'description', 'format'];

/**
 * Applies the constraints after a shorthand type's `|` (`default=`, `enum=`,
 * bounds, lengths, `pattern=`, ...) to its schema; an unknown or malformed one
 * is a problem, as is a default its own constraints reject.
 */
export function applyConstraints(
  schema: JSONSchema,
  constraintExpr: string,
  options: ShorthandOptions,
) {
  if (constraintExpr.trim() === '') return;
  const schemaType = schema.type;
  // The K8s form, as the extractor writes it: minimum + boolean exclusiveMinimum.
  let exclusiveMinimum = schema.exclusiveMinimum === true;
  let exclusiveMaximum = schema.exclusiveMaximum === true;
  delete schema.exclusiveMinimum;
  delete schema.exclusiveMaximum;

  for (const token of tokenizeConstraints(constraintExpr)) {
    if (!token.includes('=')) {
      const marker = token.trim();
      if (marker === '|' || marker.startsWith('oc:')) continue;
      throw new ShorthandProblem(
        `constraint marker "${marker}" is missing a value (should be in format 'key=value')`,
      );
    }
    const eq = token.indexOf('=');
    const key = token.slice(0, eq).trim();
    const value = token.slice(eq + 1).trim();
    if (key === 'required') {
      throw new ShorthandProblem(
        `marker "required" is not allowed - use default values to make fields optional`,
      );
    }
    if (key === 'default') {
      try {
        schema.default = parseValueForType(value, schemaType);
      } catch (e) {
        throw new ShorthandProblem(
          `invalid default "${value}": ${(e as Error).message}`,
        );
      }
    } else if (key === 'enum') {
      schema.enum = splitRespectingQuotes(value, ',').map(item => {
        try {
          return parseValueForType(item, schemaType);
        } catch (e) {
          throw new ShorthandProblem(
            `invalid enum value "${item}": ${(e as Error).message}`,
          );
        }
      });
    } else if (FLOAT_KEYWORDS.includes(key)) {
      const num = goParseFloat(value);
      if (typeof num === 'string')
        throw new ShorthandProblem(`invalid ${key} "${value}": ${num}`);
      schema[key] = num;
    } else if (INT_KEYWORDS.includes(key)) {
      const int = goParseInt(value);
      if (typeof int === 'string')
        throw new ShorthandProblem(`invalid ${key} "${value}": ${int}`);
      schema[key] = int;
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      const bool = goParseBool(value);
      if (bool === undefined)
        throw new ShorthandProblem(`invalid ${key} "${value}": not a boolean`);
      if (key === 'exclusiveMinimum') exclusiveMinimum = bool;
      else exclusiveMaximum = bool;
    } else if (key === 'example') {
      try {
        schema.example = parseArbitraryValue(value);
      } catch (e) {
        throw new ShorthandProblem(
          `invalid example "${value}": ${(e as Error).message}`,
        );
      }
    } else if (STRING_KEYWORDS.includes(key)) {
      schema[key] = unquoteIfNeeded(value);
    } else if (!key.startsWith('oc:')) {
      throw new ShorthandProblem(`unknown constraint marker "${key}"`);
    }
  }

  if (exclusiveMinimum) schema.exclusiveMinimum = true;
  if (exclusiveMaximum) schema.exclusiveMaximum = true;

  if (!options.skipDefaultValidation && 'default' in schema) {
    const problems = describeDefaultErrors(schema, schema.default);
    if (problems)
      throw new ShorthandProblem(`invalid default value: ${problems}`);
  }
}
