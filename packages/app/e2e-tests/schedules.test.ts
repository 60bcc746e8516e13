import { expect, Page, test } from '@playwright/test';
import type {
  RunListResponse,
  Schedule,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { expectNoSeriousA11yViolations } from './a11y';
import { PluginApi, Replica } from './backends';
import {
  DOCKER_BUILD,
  goInApp,
  openUntil,
  signIn,
  SLOW,
  unique,
} from './helpers';

const MINUTE = 60_000;
const TICKS = 3;
/** The plugin's SchedulerService task (startSchedules.ts), every minute at :00. */
const TASK_ID = 'openchoreo-workflows-schedules';
const SCHEDULES = '/openchoreo-workflows/schedules';

/** The run names of a schedule, sorted, as one backend lists them. */
async function scheduleRuns(api: PluginApi, id: string) {
  const { items, nextCursor } = await api.get<RunListResponse>(
    `/runs?schedule=${encodeURIComponent(id)}&limit=100`,
  );
  expect(nextCursor, 'one page holds them').toBeUndefined();
  return items;
}

const names = (runs: { namespace: string; name: string }[]) =>
  runs.map(r => `${r.namespace}/${r.name}`).sort();

/** When the scheduler task last finished (the same on every replica: it is in the database). */
async function taskLastEnded(api: PluginApi) {
  const { tasks } = await api.get<{
    tasks: { taskId: string; taskState?: { lastRunEndedAt?: string } }[];
  }>('/.backstage/scheduler/v1/tasks');
  const task = tasks.find(t => t.taskId === TASK_ID);
  return Date.parse(task?.taskState?.lastRunEndedAt ?? '') || 0;
}

/** Milliseconds from now until `at` plus `grace`, for a bounded wait. */
const until = (at: number, grace: number) =>
  Math.max(at + grace - Date.now(), 5_000);

/** Creates a schedule every minute (UTC) from the container build's form; returns it. */
async function createEveryMinute(page: Page, repoUrl: string) {
  await openUntil(
    page,
    DOCKER_BUILD.path,
    page.getByRole('heading', { level: 2, name: DOCKER_BUILD.title }),
  );
  await page.getByRole('textbox', { name: /^Url/ }).fill(repoUrl);
  await page.getByRole('button', { name: 'Schedule…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Schedule / });
  await dialog.getByRole('textbox', { name: /^Cron/ }).fill('* * * * *');
  await dialog.getByRole('textbox', { name: 'Time zone' }).fill('UTC');
  const created = page.waitForResponse(
    r =>
      r.request().method() === 'POST' &&
      /\/api\/openchoreo-workflows\/schedules(\?|$)/.test(r.url()),
  );
  await dialog.getByRole('button', { name: 'Create schedule' }).click();
  const response = await created;
  expect(response.status()).toBe(201);
  await expect(dialog).toBeHidden();
  return (await response.json()) as Schedule;
}

/**
 * Schedules: one created through the UI every minute launches exactly one run
 * per tick over three ticks while two backend replicas share the database
 * (the dev portal's on :7007 and a second one), none while paused; then
 * resumed and deleted from the Schedules tab. Takes three to four minutes:
 * the schedule and the scheduler tick once a minute.
 */
test.describe('OpenChoreo schedules', () => {
  test('every minute: one run per tick across two replicas, none while paused', async ({
    page,
  }, testInfo) => {
    test.setTimeout(12 * MINUTE);
    const replica = await Replica.start();
    const portal = new PluginApi('http://localhost:7007');
    let schedule: Schedule | undefined;
    try {
      await signIn(page);
      // Both replicas are up before the schedule exists: every tick has two to take it.
      await replica.ready(4 * MINUTE);
      schedule = await createEveryMinute(
        page,
        `https://github.com/openchoreo/${unique('e2e-schedule')}`,
      );
      const { id } = schedule;
      expect(schedule).toMatchObject({ cron: '* * * * *', timezone: 'UTC' });
      const first = Date.parse(schedule.nextRunAt!);
      expect(first % MINUTE).toBe(0);

      // The Schedules tab lists it.
      await openUntil(
        page,
        SCHEDULES,
        page.getByRole('row').filter({ hasText: '* * * * * (UTC)' }),
      );
      const row = page.getByRole('row').filter({ hasText: '* * * * * (UTC)' });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText('generic-workflow-docker-build');
      await expectNoSeriousA11yViolations(page, testInfo, 'schedules');

      // The second replica shares the database: it knows the schedule.
      expect((await replica.api.get<Schedule>(`/schedules/${id}`)).id).toBe(id);

      // Each tick: its run, and no other, on both replicas.
      const launched: string[] = [];
      for (let k = 0; k < TICKS; k++) {
        const at = first + k * MINUTE;
        const api = k % 2 ? replica.api : portal;
        // The tick of `at`, once it has an outcome: a claimed tick is still
        // launching (the Schedules tab shows it as claimed meanwhile).
        await expect
          .poll(
            async () => {
              const tick = (await api.get<Schedule>(`/schedules/${id}`))
                .lastTick;
              return tick?.outcome === 'claimed'
                ? NaN
                : Date.parse(tick?.at ?? '');
            },
            {
              timeout: until(at, 90_000),
              message: `the outcome of the tick of ${new Date(
                at,
              ).toISOString()}`,
            },
          )
          .toBe(at);
        const { lastTick } = await api.get<Schedule>(`/schedules/${id}`);
        expect(lastTick).toMatchObject({ outcome: 'launched' });
        launched.push(lastTick!.run!);
        for (const each of [portal, replica.api]) {
          await expect
            .poll(async () => names(await scheduleRuns(each, id)), SLOW)
            .toEqual([...launched].sort());
        }
      }
      // Distinct runs, each created within its own tick's minute.
      const runs = await scheduleRuns(portal, id);
      expect(new Set(names(runs)).size).toBe(TICKS);
      const minutes = runs
        .map(r => Math.floor(Date.parse(r.createdAt!) / MINUTE) * MINUTE)
        .sort();
      expect(minutes).toEqual(
        Array.from({ length: TICKS }, (_, k) => first + k * MINUTE),
      );

      // Pause from the Schedules tab.
      await goInApp(page, '/settings');
      await goInApp(page, SCHEDULES);
      await row.getByRole('button', { name: 'Pause' }).click();
      await expect(row).toContainText('Paused');
      await expect(row.getByRole('button', { name: 'Resume' })).toBeVisible();
      const paused = await portal.get<Schedule>(`/schedules/${id}`);
      expect(paused.paused).toBe(true);
      expect(paused.nextRunAt).toBeUndefined();
      const ticksBeforePause = Date.parse(paused.lastTick!.at);
      // A tick the pause came too late for still had its one run.
      const expected = (ticksBeforePause - first) / MINUTE + 1;
      expect(expected).toBeGreaterThanOrEqual(TICKS);

      // The schedule's runs in the tab, while the scheduler ticks once more.
      await row.getByRole('button', { name: 'Runs' }).click();
      await expect(
        page.getByRole('heading', {
          level: 2,
          name: 'Runs of the schedule of default/generic-workflow-docker-build',
        }),
      ).toBeVisible(SLOW);
      // The schedules' table, then its runs: the header and one row per tick.
      const history = page.getByRole('table').nth(1);
      for (const run of launched) {
        await expect(
          history.getByRole('link', { name: run.split('/')[1], exact: true }),
        ).toBeVisible(SLOW);
      }
      await expect(history.getByRole('row')).toHaveCount(expected + 1);
      await expectNoSeriousA11yViolations(page, testInfo, 'schedule history');

      // The next minute's tick passes (the scheduler's task ran after it): no run.
      const boundary = Math.ceil(Date.now() / MINUTE) * MINUTE;
      await expect
        .poll(() => taskLastEnded(replica.api), {
          timeout: until(boundary, 90_000),
          message: 'the scheduler task runs at the next minute',
        })
        .toBeGreaterThan(boundary);
      for (const each of [portal, replica.api]) {
        expect(await scheduleRuns(each, id)).toHaveLength(expected);
        expect(
          Date.parse(
            (await each.get<Schedule>(`/schedules/${id}`)).lastTick!.at,
          ),
        ).toBe(ticksBeforePause);
      }

      // Resume: the next run is at the next minute.
      await row.getByRole('button', { name: 'Resume' }).click();
      await expect(row.getByRole('button', { name: 'Pause' })).toBeVisible();
      await expect(row).not.toContainText('Paused');
      const resumed = await replica.api.get<Schedule>(`/schedules/${id}`);
      expect(resumed.paused).toBe(false);
      expect(Date.parse(resumed.nextRunAt!) % MINUTE).toBe(0);
      expect(Date.parse(resumed.nextRunAt!)).toBeGreaterThan(
        Date.now() - MINUTE,
      );

      // Delete: gone on both replicas; its runs stay.
      await row.getByRole('button', { name: 'Delete' }).click();
      await expect(page.getByText('No schedules yet')).toBeVisible();
      for (const each of [portal, replica.api]) {
        expect((await each.call(`/schedules/${id}`)).status).toBe(404);
        expect(await scheduleRuns(each, id)).toHaveLength(expected);
      }
      schedule = undefined;
    } finally {
      if (schedule) await portal.call(`/schedules/${schedule.id}`, 'DELETE');
      await replica.stop();
      await testInfo.attach('replica.log', {
        body: replica.output.join('\n'),
        contentType: 'text/plain',
      });
    }
  });
});
