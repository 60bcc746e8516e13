import { CronTime } from 'cron';
import { LaunchValidationError } from '../service/errors';

/** Longest cron expression accepted. */
const MAX_CRON_LENGTH = 100;

/** A cron expression read in a time zone: the ticks of a schedule. */
export interface CronSchedule {
  cron: string;
  timezone: string;
}

const fail = (path: string, message: string): never => {
  throw new LaunchValidationError([{ path, message }]);
};

function parse({ cron, timezone }: CronSchedule): CronTime {
  try {
    return new CronTime(cron, timezone);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/time ?zone/i.test(message)) {
      return fail('timezone', `'${timezone}' is not an IANA time zone`);
    }
    return fail('cron', `is not a cron expression: ${message}`);
  }
}

/**
 * The schedule checked: five fields (minute hour day-of-month month
 * day-of-week; no seconds, so no schedule ticks more than once a minute) in
 * an IANA time zone (UTC when absent), and a tick within eight years. Wrong
 * ones are a LaunchValidationError naming `cron` or `timezone` (a 400).
 */
export function checkCron(cron: unknown, timezone: unknown): CronSchedule {
  if (typeof cron !== 'string' || cron.trim() === '') {
    return fail('cron', 'is required');
  }
  if (cron.length > MAX_CRON_LENGTH) {
    return fail('cron', `must be at most ${MAX_CRON_LENGTH} characters`);
  }
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    return fail(
      'cron',
      `must have five fields (minute hour day-of-month month day-of-week), not ${fields.length}`,
    );
  }
  if (timezone !== undefined && (typeof timezone !== 'string' || !timezone)) {
    return fail('timezone', 'must be a non-empty string');
  }
  const checked = { cron: fields.join(' '), timezone: timezone ?? 'UTC' };
  try {
    nextTick(checked, new Date());
  } catch (e) {
    if (e instanceof LaunchValidationError) throw e;
    return fail('cron', 'never fires (no tick within eight years)');
  }
  return checked;
}

/** The first tick strictly after `after`, as ISO UTC with milliseconds. */
export function nextTick(schedule: CronSchedule, after: Date): string {
  // The zone is given again: getNextDateFrom reads the start in it (UTC if none).
  const next = parse(schedule).getNextDateFrom(after, schedule.timezone);
  return new Date(next.toMillis()).toISOString();
}
