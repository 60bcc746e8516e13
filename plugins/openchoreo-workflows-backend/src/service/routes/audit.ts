import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * Runs `fn` as an audited change (launch, re-run, stop): the auditor records
 * the request, then its success or its error.
 */
export async function audited<T>(
  auditor: AuditorService | undefined,
  req: Request,
  eventId: string,
  meta: JsonObject,
  fn: () => Promise<T>,
): Promise<T> {
  const event = await auditor?.createEvent({
    eventId,
    request: req,
    meta,
    severityLevel: 'medium',
  });
  try {
    const result = await fn();
    await event?.success();
    return result;
  } catch (error) {
    await event?.fail({ error: error as Error });
    throw error;
  }
}

/** What an audit event of a launch (or a schedule of launches) records of it. */
export const launchAuditMeta = (
  cluster: string,
  launch: { workflow: object; namespace?: string },
): JsonObject => ({
  cluster,
  workflow: { ...launch.workflow } as JsonObject,
  ...(launch.namespace !== undefined ? { namespace: launch.namespace } : {}),
});
