import { InputError, serializeError } from '@backstage/errors';
import { FieldError } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ErrorRequestHandler, Request } from 'express';
import { fieldErrorStatus } from '../errors';

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  enum?: unknown[];
  description?: string;
};
type Operation = {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

/** A request the OpenAPI document refuses, with the fields it names; answered 400 with `fieldErrors`. */
export class RequestValidationError extends InputError {
  constructor(readonly fieldErrors: FieldError[]) {
    super(
      fieldErrors
        .map(e => (e.path ? `${e.path}: ${e.message}` : e.message))
        .join('; '),
    );
  }
}

const allowed = (values: unknown[]) =>
  values.length === 2
    ? `must be ${values.join(' or ')}`
    : `must be one of ${values.join(', ')}`;

/** The schema of a body field (`['workflow', 'kind']`), following $refs and allOf. */
function fieldSchema(
  spec: { components?: { schemas?: Record<string, unknown> } },
  req: Request,
  path: string[],
): Schema | undefined {
  const resolve = (s: Schema | undefined): Schema | undefined =>
    s?.$ref
      ? resolve(spec.components?.schemas?.[s.$ref.split('/').pop()!] as Schema)
      : s;
  const operation = (req as Request & { openapi?: { schema?: Operation } })
    .openapi?.schema;
  let schema = resolve(
    operation?.requestBody?.content?.['application/json']?.schema,
  );
  for (const key of path) {
    const parts = [schema, ...(schema?.allOf ?? []).map(resolve)];
    schema = resolve(parts.find(p => p?.properties?.[key])?.properties?.[key]);
  }
  return schema;
}

/** `request/body/workflow/kind must be …` (several joined by ', '), as express-openapi-validator words them. */
const PROBLEM =
  /^request(?:\/(body|query|params|headers|cookies)((?:\/[^\s/]+)*))? (.*)$/s;
const UNKNOWN_PARAMETER = /^Unknown query parameter '(.*)'$/s;
const EMPTY_PARAMETER = /^Empty value found for query parameter '(.*)'$/s;

/**
 * The field errors of a request the document's validator refused, from its
 * message (Backstage's validator keeps only that): the field as a dotted
 * path (`workflow.kind`) or a parameter's name, and what it must be.
 * Undefined for any other error.
 */
export function requestFieldErrors(
  spec: object,
  req: Request,
  message: string,
): FieldError[] | undefined {
  const unknown = UNKNOWN_PARAMETER.exec(message);
  if (unknown)
    return [{ path: unknown[1], message: 'is not a parameter of this call' }];
  const empty = EMPTY_PARAMETER.exec(message);
  if (empty) return [{ path: empty[1], message: 'must not be empty' }];
  const problems = message.split(/, (?=request[/ ])/);
  const errors: FieldError[] = [];
  for (const problem of problems) {
    const m = PROBLEM.exec(problem);
    if (!m) return undefined;
    const [, where, pointer, text] = m;
    if (!where) {
      errors.push({ path: '', message: 'a JSON body is required' });
      continue;
    }
    const path = (pointer ?? '')
      .split('/')
      .slice(1)
      .map(p => decodeURIComponent(p.replace(/~1/g, '/').replace(/~0/g, '~')));
    const missing = /^must have required property '(.*)'$/.exec(text);
    if (missing) path.push(missing[1]);
    const schema = where === 'body' ? fieldSchema(spec, req, path) : undefined;
    const listed = /^must be equal to one of the allowed values: (.*)$/.exec(
      text,
    );
    let said = text;
    if (schema?.enum) said = allowed(schema.enum);
    else if (listed) said = allowed(listed[1].split(', '));
    else if (missing) said = 'is required';
    // A pattern says little to a person: the field's description says it in words.
    else if (text.startsWith('must match pattern') && schema?.description)
      said = `must be ${schema.description[0].toLowerCase()}${schema.description.slice(
        1,
      )}`;
    errors.push({ path: path.join('.'), message: said });
  }
  return errors;
}

/**
 * Turns the validator's refusal (an InputError, before any route ran) into
 * one that names the fields. Mounted right after the validator.
 */
export function namedRequestErrors(spec: object): ErrorRequestHandler {
  return (err, req, _res, next) => {
    const fieldErrors =
      err instanceof InputError && !(err instanceof RequestValidationError)
        ? requestFieldErrors(spec, req, err.message)
        : undefined;
    next(fieldErrors ? new RequestValidationError(fieldErrors) : err);
  };
}

/**
 * Answers an error with field errors: 400 invalid (the document or the
 * launch rules), 409 a conflict, 422 OpenChoreo could not render it; the
 * rest go on to Backstage's error handler.
 */
export function fieldErrorResponses(): ErrorRequestHandler {
  return (err, req, res, next) => {
    const refusal =
      err instanceof RequestValidationError
        ? { status: 400, fieldErrors: err.fieldErrors, renderError: undefined }
        : fieldErrorStatus(err);
    if (!refusal || res.headersSent) {
      next(err);
      return;
    }
    res.status(refusal.status).json({
      error: serializeError(err, { includeStack: false }),
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: refusal.status },
      fieldErrors: refusal.fieldErrors,
      ...(refusal.renderError ? { renderError: refusal.renderError } : {}),
    });
  };
}
