/* Test-only builders of Workflows to render, and what rendering threw. */
import { RenderError } from '../errors';

/** What `fn` threw, which must be a RenderError (anything else, or nothing, fails the test). */
export function renderError(fn: () => unknown): RenderError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RenderError) return e;
    throw e;
  }
  throw new Error('expected a RenderError');
}

export {
  argoArguments,
  argoRunTemplate,
  v1Workflow,
} from '../../testUtils/workflows';
