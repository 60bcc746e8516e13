import { CustomErrorBase } from '@backstage/errors';

/**
 * An evaluation stopped at a limit: the deadline, or the memory of its worker.
 * HTTP 422: the workflow (not the server) is at fault; Backstage's error
 * handler answers with `statusCode`.
 *
 * @public
 */
export class EvaluationLimitError extends CustomErrorBase {
  name = 'EvaluationLimitError' as const;
  readonly statusCode = 422;
  constructor(
    message: string,
    /** The CEL expression being evaluated when it stopped, when known. */
    readonly expression?: string,
  ) {
    super(message);
  }
}

/**
 * One user has too many evaluations running and waiting. HTTP 429.
 *
 * @public
 */
export class EvaluationBusyError extends CustomErrorBase {
  name = 'EvaluationBusyError' as const;
  readonly statusCode = 429;
}
