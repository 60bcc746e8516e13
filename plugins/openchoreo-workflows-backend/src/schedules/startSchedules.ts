import {
  AuthService,
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ClusterRegistry } from '../service/ClusterRegistry';
import { RunLauncher } from '../service/RunLauncher';
import { WorkflowService } from '../service/WorkflowService';
import { allChecks } from './launchDecision';
import { decisionAgeCheck, readDecisionMaxAge } from './ownerDecisions';
import { ScheduleService } from './ScheduleService';
import { ScheduleStore } from './ScheduleStore';
import { CLAIM_GRACE_MS, OwnerCheck, ScheduleTicker } from './ScheduleTicker';

/** The SchedulerService task that launches due schedules. */
export const SCHEDULE_TASK_ID = 'openchoreo-workflows-schedules';

/**
 * The tick's check that the owner is still a user in the catalog.
 *
 * What a tick checks of the owner: the age of the kept decisions
 * (startSchedules), then, as pluginServices composes them,
 * launchDecisionCheck and this. Backstage gives a plugin no credentials of a
 * user outside that user's own requests, so the policy cannot be asked about
 * the owner at tick time. Instead each request of the owner on schedules
 * (create, edit, pause, resume, read one, list) asks the policy for the
 * owner's `openchoreo.workflow.read` and `openchoreo.workflow.launch`
 * decisions and keeps them on all their schedules with their time (unless
 * newer ones are kept). At each tick:
 * - decisions older than `openchoreoWorkflows.schedules.decisionMaxAge`
 *   (default 30 days) deny it: the owner renews them with any schedule request;
 * - read, then launch, as every launch route checks them: DENY (or no
 *   decision kept yet, as on schedules older than the read decision's
 *   columns) denies, naming the permission; CONDITIONAL is applied with the
 *   registry's rules to the workflow as the watch cache has it now (labels,
 *   namespace, kind, the catalog owner, the run's namespace for launch): a
 *   workflow relabelled or moved out of the owner's reach is denied;
 * - the owner must still be a user in the catalog.
 * Not checked at tick time: a change of the policy itself, or of the owner's
 * groups (a CONDITIONAL decision's claims), takes effect at the owner's next
 * request, or denies once the kept decisions are too old. Creating and
 * editing also check the caller's read and launch permissions on the workflow
 * (the caller must be its owner or a schedule admin; an admin's request does
 * not change the owner's kept decisions). A denied tick is recorded. The
 * owner may always pause and delete it, so losing the permission does not
 * trap them.
 */
export function catalogOwnerCheck(deps: {
  catalog: CatalogService;
  auth: AuthService;
}): OwnerCheck {
  return async schedule => {
    const entity = await deps.catalog.getEntityByRef(schedule.owner, {
      credentials: await deps.auth.getOwnServiceCredentials(),
    });
    return entity
      ? undefined
      : `the owner ${schedule.owner} is no longer in the catalog`;
  };
}

/**
 * Schedules over the plugin's database (migrated by the archive), and the
 * one global SchedulerService task, every minute at :00, that launches them:
 * the scheduler runs a global task on one replica at a time, and each tick is
 * claimed in the database besides. Each tick first checks the age of the
 * owner's kept decisions (`openchoreoWorkflows.schedules.decisionMaxAge`),
 * then `ownerCheck`.
 */
export async function startSchedules(deps: {
  config: Config;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
  clusters: ClusterRegistry;
  workflows: WorkflowService;
  launcher: RunLauncher;
  ownerCheck: OwnerCheck;
}) {
  const store = new ScheduleStore(await deps.database.getClient());
  const ticker = new ScheduleTicker({
    ...deps,
    store,
    ownerCheck: allChecks(
      decisionAgeCheck(readDecisionMaxAge(deps.config)),
      deps.ownerCheck,
    ),
  });
  await deps.scheduler.scheduleTask({
    id: SCHEDULE_TASK_ID,
    scope: 'global',
    frequency: { cron: '* * * * *' },
    timeout: { milliseconds: CLAIM_GRACE_MS },
    fn: async signal => {
      await ticker.tick(new Date(), signal);
    },
  });
  return {
    schedules: new ScheduleService({ store, workflows: deps.workflows }),
    ticker,
  };
}
