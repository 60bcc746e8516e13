import { ResourceType, StatusCause } from './types';

/**
 * The body of a Kubernetes `Status` failure.
 *
 * @public
 */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/**
 * An error that the HTTP layer turns into a Status response.
 *
 * @public
 */
export class ApiError extends Error {
  constructor(readonly status: StatusBody) {
    super(status.message);
    this.name = 'ApiError';
  }
  get code() {
    return this.status.code;
  }
}

const qualified = (rt: ResourceType) =>
  rt.group ? `${rt.plural}.${rt.group}` : rt.plural;

function failure(
  code: number,
  reason: string,
  message: string,
  details?: StatusBody['details'],
): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

export const notFound = (rt: ResourceType, name: string) =>
  failure(404, 'NotFound', `${qualified(rt)} "${name}" not found`, {
    name,
    group: rt.group,
    kind: rt.plural,
  });

export const namespaceNotFound = (name: string) =>
  failure(404, 'NotFound', `namespaces "${name}" not found`, {
    name,
    kind: 'namespaces',
  });

export const alreadyExists = (rt: ResourceType, name: string) =>
  failure(409, 'AlreadyExists', `${qualified(rt)} "${name}" already exists`, {
    name,
    group: rt.group,
    kind: rt.plural,
  });

export const conflict = (rt: ResourceType, name: string) =>
  failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(
      rt,
    )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: rt.group, kind: rt.plural },
  );

export const invalid = (
  rt: ResourceType,
  name: string,
  causes: StatusCause[],
) => {
  const kind = rt.group ? `${rt.kind}.${rt.group}` : rt.kind;
  const summary = causes.map(c => `${c.field}: ${c.message}`).join(', ');
  return failure(
    422,
    'Invalid',
    `${kind} "${name}" is invalid: ${
      causes.length > 1 ? `[${summary}]` : summary
    }`,
    { name, group: rt.group, kind: rt.kind, causes },
  );
};

export const badRequest = (message: string) =>
  failure(400, 'BadRequest', message);

export const gone = (message: string) => failure(410, 'Expired', message);

export const methodNotAllowed = (message: string) =>
  failure(405, 'MethodNotAllowed', message);

export const unsupportedMediaType = (message: string) =>
  failure(415, 'UnsupportedMediaType', message);

export const requestEntityTooLarge = (limit: number) =>
  failure(
    413,
    'RequestEntityTooLarge',
    `Request entity too large: limit is ${limit}`,
  );

export const forbidden = (rt: ResourceType, name: string, message: string) =>
  failure(
    403,
    'Forbidden',
    `${qualified(rt)} "${name}" is forbidden: ${message}`,
    { name, group: rt.group, kind: rt.plural },
  );

/** 403 for a request refused before any resource is looked at (not a resource's own Forbidden). */
export const forbiddenRequest = (message: string) =>
  failure(403, 'Forbidden', message);

export const pathNotFound = (path: string) =>
  failure(
    404,
    'NotFound',
    `the server could not find the requested resource (${path})`,
  );
