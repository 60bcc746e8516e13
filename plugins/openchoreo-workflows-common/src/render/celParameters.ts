import { ApiGeneration } from '../model/types';
import { defaultInPlace } from '../schema/defaults';
import { setOwn } from '../schema/ownProperty';
import { JSONSchema, ParameterSchema } from '../schema/types';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapNumbers(value: unknown, fn: (n: number) => unknown): unknown {
  if (typeof value === 'number') return fn(value);
  if (Array.isArray(value)) return value.map(v => mapNumbers(v, fn));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) setOwn(out, k, mapNumbers(v, fn));
    }
    return out;
  }
  return value;
}

const INT64_LIMIT = 2 ** 63;

/** An int64 (bigint) where Go's JSON decoding into int64-or-float64 gives one: a whole number in range. */
function wholeToInt(n: number): unknown {
  return Number.isInteger(n) && n >= -INT64_LIMIT && n < INT64_LIMIT
    ? BigInt(n)
    : n;
}

/**
 * A WorkflowRun's parameters as OpenChoreo's pipeline sees them: decoded with
 * Go's `encoding/json` into `map[string]any`, so every number is a float64,
 * a CEL double (a JS number for cel-js), even `3`.
 *
 * @public
 */
export function runParametersToCel(
  parameters: unknown,
): Record<string, unknown> {
  // Written into the run as JSON, where -0 is 0 (JSON.stringify(-0) is "0").
  return isPlainObject(parameters)
    ? (mapNumbers(parameters, n => (n === 0 ? 0 : n)) as Record<
        string,
        unknown
      >)
    : {};
}

/**
 * A schema default as OpenChoreo types it in CEL.
 * v1 (openAPIV3Schema): the schema goes through Kubernetes' JSON decoding
 * (`apimachinery/pkg/util/json`), which makes every whole number an int64, at
 * any depth of the default. v0 (shorthand): `integer | default=N` is parsed
 * with `strconv.ParseInt` (an int), a `number` default with `ParseFloat` (a
 * double, even `2`), array and object defaults with `encoding/json` (doubles).
 *
 * @public
 */
export function defaultToCel(
  generation: ApiGeneration,
  propertySchema: JSONSchema,
): unknown {
  const value = propertySchema.default;
  if (generation === 'v1') return mapNumbers(value, wholeToInt);
  if (propertySchema.type === 'integer' && typeof value === 'number') {
    return wholeToInt(value);
  }
  return mapNumbers(value, n => n);
}

/**
 * The `parameters` variable OpenChoreo renders a run with: the run's own
 * parameters (numbers are doubles) with the schema's defaults applied by
 * Kubernetes structural defaulting (defaults typed by `defaultToCel`).
 *
 * @public
 */
export function celParameters(
  schema: Pick<ParameterSchema, 'generation' | 'jsonSchema'>,
  runParameters: unknown,
): Record<string, unknown> {
  const parameters = runParametersToCel(runParameters);
  defaultInPlace(parameters, schema.jsonSchema, prop =>
    defaultToCel(schema.generation, prop),
  );
  return parameters;
}
