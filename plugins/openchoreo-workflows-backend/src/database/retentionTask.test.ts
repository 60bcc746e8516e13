import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { RunArchive } from './RunArchive';
import {
  readRetention,
  RETENTION_TASK_ID,
  scheduleRetention,
} from './retentionTask';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const config = (retention: JsonObject) =>
  new ConfigReader({ openchoreoWorkflows: { archive: { retention } } });

const run = (name: string, createdAt: string): RunDetail =>
  ({
    cluster: 'c1',
    namespace: 'default',
    name,
    uid: `uid-${name}`,
    workflow: { kind: 'Workflow', name: 'build' },
    phase: 'Succeeded',
    createdAt,
    parameters: {},
  } as unknown as RunDetail);

describe('archive retention task', () => {
  it('reads the policy and its schedule from config, naming a wrong field', () => {
    expect(readRetention(new ConfigReader({}))).toBeUndefined();
    expect(readRetention(config({}))).toBeUndefined();
    expect(readRetention(config({ days: 30 }))).toEqual({
      policy: { days: 30, runsPerWorkflow: undefined },
      schedule: expect.objectContaining({ frequency: { hours: 1 } }),
    });
    expect(
      readRetention(
        config({
          runsPerWorkflow: 5,
          schedule: { frequency: { minutes: 10 }, timeout: { minutes: 2 } },
        }),
      )?.schedule,
    ).toEqual({ frequency: { minutes: 10 }, timeout: { minutes: 2 } });
    expect(() => readRetention(config({ days: 0 }))).toThrow(
      'openchoreoWorkflows.archive.retention.days: must be a positive integer, got 0',
    );
    expect(() => readRetention(config({ runsPerWorkflow: 1.5 }))).toThrow(
      'openchoreoWorkflows.archive.retention.runsPerWorkflow: must be a positive integer',
    );
  });

  it('runs as one global task of the scheduler and removes what the policy does not keep', async () => {
    const archive = await RunArchive.forKnex(await databases.init('SQLITE_3'));
    const scheduler = mockServices.scheduler();
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 86_400_000).toISOString();
    await archive.upsertRun(run('old', old), { deletedAt: recent });
    await archive.upsertRun(run('recent', recent), { deletedAt: recent });
    await archive.upsertRun(run('old-but-live', old));
    expect(
      await scheduleRetention({
        config: config({ days: 30 }),
        scheduler,
        history: archive.history,
        logger: mockServices.logger.mock(),
      }),
    ).toBe(true);
    expect(await scheduler.getScheduledTasks()).toEqual([
      expect.objectContaining({ id: RETENTION_TASK_ID, scope: 'global' }),
    ]);
    await scheduler.triggerTask(RETENTION_TASK_ID);
    expect(await archive.getRun('c1', 'default', 'old')).toBeUndefined();
    expect(await archive.getRun('c1', 'default', 'recent')).toBeDefined();
    expect(await archive.getRun('c1', 'default', 'old-but-live')).toBeDefined();
    // No policy, no task.
    const idle = mockServices.scheduler();
    expect(
      await scheduleRetention({
        config: new ConfigReader({}),
        scheduler: idle,
        history: archive.history,
        logger: mockServices.logger.mock(),
      }),
    ).toBe(false);
    expect(await idle.getScheduledTasks()).toEqual([]);
  });
});
