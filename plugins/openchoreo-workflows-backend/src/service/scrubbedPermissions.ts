import {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError, stringifyError } from '@backstage/errors';
import { newErrorId } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';

/**
 * The permissions service, except that a failed permission check (the
 * permission backend refused the request or could not be reached) is a 503
 * with an error id; the detail, with the permission backend's URL and error,
 * is in the server log under that id only.
 */
export function scrubbedPermissions(
  permissions: PermissionsService,
  logger: LoggerService,
): PermissionsService {
  const scrub = (error: unknown): never => {
    const id = newErrorId();
    logger.warn(
      `permission check failed (error id ${id}): ${stringifyError(error)}`,
      { cause: JSON.stringify((error as { body?: unknown })?.body ?? null) },
    );
    throw new ServiceUnavailableError(
      `the permission check could not be made (error id ${id})`,
    );
  };
  return {
    authorize: (requests, options) =>
      permissions.authorize(requests, options).catch(scrub),
    authorizeConditional: (requests, options) =>
      permissions.authorizeConditional(requests, options).catch(scrub),
  } as PermissionsService;
}
