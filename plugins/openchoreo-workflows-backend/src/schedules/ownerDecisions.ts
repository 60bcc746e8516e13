import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  workflowLaunchPermission,
  workflowReadPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type { ScheduleRow } from './ScheduleStore';

type Result = 'ALLOW' | 'DENY' | 'CONDITIONAL';

/** The owner's launch decision as a schedule keeps it (its columns). */
export interface StoredLaunchDecision {
  launch_decision: Result;
  launch_conditions: string | null;
  launch_decided_at: string;
}

/** The owner's workflow read decision as a schedule keeps it (its columns). */
export interface StoredReadDecision {
  read_decision: Result;
  read_conditions: string | null;
  read_decided_at: string;
}

/** The owner's decisions a schedule keeps, taken together at each of the owner's schedule requests. */
export type StoredOwnerDecisions = StoredReadDecision & StoredLaunchDecision;

/** One kept decision, whichever permission it is of. */
export interface KeptDecision {
  result: Result;
  conditions: string | null;
  decidedAt: string;
}

/** The permissions a tick checks, in the order the launch routes check them (workflowCheck: read, then launch). */
export const TICK_PERMISSIONS = [
  { permission: workflowReadPermission, column: 'read' },
  { permission: workflowLaunchPermission, column: 'launch' },
] as const;

/** Stored conditions larger than this are kept as a DENY (a policy's conditions are small). */
const MAX_CONDITIONS_JSON = 64 * 1024;

/** A decision of the policy as a schedule keeps it. */
function toKept(decision: PolicyDecision, decidedAt: string): KeptDecision {
  if (decision.result === AuthorizeResult.CONDITIONAL) {
    const conditions = JSON.stringify(decision.conditions);
    if (conditions.length <= MAX_CONDITIONS_JSON) {
      return { result: 'CONDITIONAL', conditions, decidedAt };
    }
  }
  const result = decision.result === AuthorizeResult.ALLOW ? 'ALLOW' : 'DENY';
  return { result, conditions: null, decidedAt };
}

/**
 * The policy's decisions on the caller's workflow read and launch
 * permissions (what the launch routes ask, in one request), unconditioned on
 * any workflow, as a schedule stores them, both taken at `now`.
 */
export async function ownerDecisions(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  now = new Date(),
): Promise<StoredOwnerDecisions> {
  const [read, launch] = await permissions.authorizeConditional(
    TICK_PERMISSIONS.map(({ permission }) => ({ permission })),
    { credentials },
  );
  const at = now.toISOString();
  const r = toKept(read, at);
  const l = toKept(launch, at);
  return {
    read_decision: r.result,
    read_conditions: r.conditions,
    read_decided_at: r.decidedAt,
    launch_decision: l.result,
    launch_conditions: l.conditions,
    launch_decided_at: l.decidedAt,
  };
}

/** A schedule's kept decision on the permission of `column`, if one is stored (none on rows older than its columns). */
export function keptDecision(
  schedule: ScheduleRow,
  column: (typeof TICK_PERMISSIONS)[number]['column'],
): KeptDecision | undefined {
  const result = schedule[`${column}_decision`];
  const decidedAt = schedule[`${column}_decided_at`];
  if (!result || !decidedAt) return undefined;
  return {
    result,
    conditions: schedule[`${column}_conditions`] ?? null,
    decidedAt,
  };
}
