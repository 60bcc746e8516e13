import { ConflictError, InputError } from '@backstage/errors';
import {
  FieldError,
  RenderErrorInfo,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

function describe(fieldErrors: FieldError[]): string {
  return fieldErrors
    .map(e => (e.path ? `${e.path}: ${e.message}` : e.message))
    .join('; ');
}

/** A launch refused before anything was created; the router answers 400 with `fieldErrors`. */
export class LaunchValidationError extends InputError {
  constructor(readonly fieldErrors: FieldError[]) {
    super(`invalid parameters: ${describe(fieldErrors)}`);
  }
}

/**
 * A launch refused before anything was created because OpenChoreo could not
 * render the run it would create: the router answers 422 with `fieldErrors`
 * and `renderError` (OpenChoreo's message, the expression, where it is).
 */
export class LaunchRenderError extends Error {
  readonly fieldErrors: FieldError[];

  constructor(readonly renderError: RenderErrorInfo) {
    const where = renderError.location ? ` (at ${renderError.location})` : '';
    super(`${renderError.message}${where}`);
    this.name = 'LaunchRenderError';
    this.fieldErrors = [{ path: '', message: this.message }];
  }
}

/** A launch refused because of what exists already; the router answers 409 with `fieldErrors`. */
export class LaunchConflictError extends ConflictError {
  constructor(readonly fieldErrors: FieldError[]) {
    super(describe(fieldErrors));
  }
}

/** How the router answers a launch refused with field errors; undefined for other errors. */
export function fieldErrorStatus(error: unknown):
  | {
      status: 400 | 409 | 422;
      fieldErrors: FieldError[];
      renderError?: RenderErrorInfo;
    }
  | undefined {
  if (error instanceof LaunchValidationError) {
    return { status: 400, fieldErrors: error.fieldErrors };
  }
  if (error instanceof LaunchConflictError) {
    return { status: 409, fieldErrors: error.fieldErrors };
  }
  if (error instanceof LaunchRenderError) {
    return {
      status: 422,
      fieldErrors: error.fieldErrors,
      renderError: error.renderError,
    };
  }
  return undefined;
}
