import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  workflowLaunchPermission,
  workflowReadPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type { ScheduleRow } from './ScheduleStore';
import type { OwnerCheck } from './ScheduleTicker';

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

const MAX_AGE_KEY = 'openchoreoWorkflows.schedules.decisionMaxAge';

/** The default maximum age of a kept decision. */
export const DEFAULT_DECISION_MAX_AGE: HumanDuration = { days: 30 };

/** `openchoreoWorkflows.schedules.decisionMaxAge` (default 30 days), checked to be positive. */
export function readDecisionMaxAge(config: Config): HumanDuration {
  if (!config.has(MAX_AGE_KEY)) return DEFAULT_DECISION_MAX_AGE;
  const age = readDurationFromConfig(config, { key: MAX_AGE_KEY });
  if (!(durationToMilliseconds(age) > 0)) {
    throw new InputError(`${MAX_AGE_KEY}: must be a positive duration`);
  }
  return age;
}

/** A duration as a sentence names it: `30 days`, `1 hours 30 minutes`. */
const describeDuration = (d: HumanDuration) =>
  Object.entries(d)
    .map(([unit, n]) => `${n} ${unit}`)
    .join(' ');

/**
 * The tick's check of the kept decisions' age: one taken longer than
 * `maxAge` before the tick denies it (a revoked permission would otherwise
 * never reach the schedule of an owner who makes no more schedule
 * requests). Schedules with no decision kept are left to the decision check.
 */
export function decisionAgeCheck(maxAge: HumanDuration): OwnerCheck {
  const maxMs = durationToMilliseconds(maxAge);
  return async (schedule, _cluster, now) => {
    for (const { permission, column } of TICK_PERMISSIONS) {
      const kept = keptDecision(schedule, column);
      // A time that does not parse counts as too old.
      if (kept && !(now.getTime() - Date.parse(kept.decidedAt) <= maxMs)) {
        return `the owner's ${permission.name} decision was taken at ${
          kept.decidedAt
        }, more than ${describeDuration(
          maxAge,
        )} before this tick (${MAX_AGE_KEY}): it is renewed at any schedule request of the owner, e.g. opening the Schedules tab`;
      }
    }
    return undefined;
  };
}
