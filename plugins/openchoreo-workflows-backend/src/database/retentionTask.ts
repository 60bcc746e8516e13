import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { RetentionPolicy, RunHistory } from './RunHistory';

export const RETENTION_TASK_ID = 'openchoreo-workflows-archive-retention';
const KEY = 'openchoreoWorkflows.archive.retention';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 15 },
  initialDelay: { minutes: 1 },
};

/** The retention policy in config, or undefined when none is set (keep everything). */
export function readRetention(config: Config):
  | {
      policy: RetentionPolicy;
      schedule: SchedulerServiceTaskScheduleDefinition;
    }
  | undefined {
  const c = config.getOptionalConfig(KEY);
  if (!c) return undefined;
  const positive = (key: string) => {
    const v = c.getOptionalNumber(key);
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      throw new InputError(
        `${KEY}.${key}: must be a positive integer, got ${v}`,
      );
    }
    return v;
  };
  const policy = {
    days: positive('days'),
    runsPerWorkflow: positive('runsPerWorkflow'),
  };
  if (policy.days === undefined && policy.runsPerWorkflow === undefined) {
    return undefined;
  }
  const schedule = c.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        c.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;
  return { policy, schedule };
}

/**
 * Schedules the archive's retention as a global task of Backstage's
 * scheduler: with several replicas on one database, one of them runs it.
 */
export async function scheduleRetention(options: {
  config: Config;
  scheduler: SchedulerService;
  history: RunHistory;
  logger: LoggerService;
}): Promise<boolean> {
  const retention = readRetention(options.config);
  if (!retention) return false;
  const { policy, schedule } = retention;
  await options.scheduler.scheduleTask({
    id: RETENTION_TASK_ID,
    scope: 'global',
    ...schedule,
    fn: async () => {
      const removed = await options.history.applyRetention(policy, {
        now: new Date(),
      });
      if (removed > 0) {
        options.logger.info(`archive retention removed ${removed} runs`);
      }
    },
  });
  return true;
}
