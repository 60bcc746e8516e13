import { cannotRenderMessage, RenderError } from '../render/errors';
import type { RenderErrorInfo } from '../api/types';

/**
 * A render error for the API: OpenChoreo's message with the expression, and where it is.
 *
 * @public
 */
export function renderErrorInfo(error: RenderError): RenderErrorInfo {
  const info: RenderErrorInfo = { message: cannotRenderMessage(error) };
  if (error.expression !== undefined) info.expression = error.expression.trim();
  if (error.location !== undefined) info.location = error.location;
  return info;
}
