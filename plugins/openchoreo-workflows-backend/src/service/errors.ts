import { InputError } from '@backstage/errors';
import { FieldError } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

/** A launch refused before anything was created; the router answers 400 with `fieldErrors`. */
export class LaunchValidationError extends InputError {
  constructor(readonly fieldErrors: FieldError[]) {
    super(
      `invalid parameters: ${fieldErrors
        .map(e => (e.path ? `${e.path}: ${e.message}` : e.message))
        .join('; ')}`,
    );
  }
}
