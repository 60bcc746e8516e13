import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { WorkflowRunResource } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  eventually,
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { NotificationClaims } from '../database/NotificationClaims';
import { RunArchive } from '../database/RunArchive';
import { formatDuration, RunNotifier, RunNotifierOptions } from './RunNotifier';
import { API, startWorkflowsBackend } from '../__testUtils__/backend';
import { DATABASE_IDS } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';

describe('RunNotifier', () => {
  describe('in the backend, against the local control plane', () => {
    let local: TestLocalControlPlane;
    const sent: NotificationSendOptions[] = [];
    const onSend = new Set<() => void>();

    /** Resolves with the notification linking to `link` once it is sent; fails after 30 s naming it. */
    const notificationTo = (link: string) =>
      new Promise<NotificationSendOptions>((resolve, reject) => {
        // eslint-disable-next-line prefer-const -- assigned below, cleared by the check
        let timer: ReturnType<typeof setTimeout> | undefined;
        const check = () => {
          const found = sent.find(n => n.payload.link === link);
          if (!found) return;
          onSend.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        timer = setTimeout(() => {
          onSend.delete(check);
          reject(
            new Error(
              `no notification for ${link} within 30 s; sent: ${
                sent.map(n => n.payload.link).join(', ') || 'none'
              }`,
            ),
          );
        }, 30_000);
        onSend.add(check);
        check();
      });

    beforeAll(async () => {
      local = await startTestLocalControlPlane({ stepSeconds: 0.05 });
    });

    afterAll(() => local?.stop());

    it('sends exactly one notification to the person who launched a run when it finishes', async () => {
      const { server } = await startWorkflowsBackend(
        {
          clusters: [local.clusterConfig],
        },
        {
          features: [
            createServiceFactory({
              service: notificationService,
              deps: {},
              factory: () => ({
                send: async (options: NotificationSendOptions) => {
                  sent.push(options);
                  for (const check of [...onSend]) check();
                },
              }),
            }),
          ],
        },
      );
      const launch = async () => {
        const res = await request(server)
          .post(`${API}/runs`)
          .set('Authorization', mockCredentials.user.header(ALICE))
          .send({
            namespace: 'default',
            workflow: { kind: 'Workflow', name: 'nightly-data-pipeline' },
            parameters: {},
          })
          .expect(201);
        return res.body.name as string;
      };
      const name = await launch();
      const link = `/openchoreo-workflows/runs/default/${name}`;

      expect(await notificationTo(link)).toEqual({
        recipients: { type: 'entity', entityRef: [ALICE] },
        payload: expect.objectContaining({
          title: `Workflow run ${name} succeeded`,
          description: expect.stringMatching(
            /^Workflow nightly-data-pipeline ran in default and succeeded in \d+s\.$/,
          ),
          link,
          severity: 'normal',
          topic: 'openchoreo-workflows',
        }),
      });

      // A later change of the finished run reaches the notifier again
      // (once the backend shows it, its cache has handed it on)...
      const patched = await fetch(
        `${local.plane.url}/apis/openchoreo.dev/v1alpha1/namespaces/default/workflowruns/${name}`,
        {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/merge-patch+json' },
          body: JSON.stringify({ metadata: { labels: { touched: 'later' } } }),
        },
      );
      expect(patched.status).toBe(200);
      await eventually(
        async () =>
          (
            await request(server)
              .get(`${API}/runs/default/${name}`)
              .set('Authorization', mockCredentials.user.header(ALICE))
          ).body.labels?.touched === 'later',
        30_000,
        `the backend to see the label added to ${name}`,
      );
      // ...and is handled before a run that finishes after it (one queue, in
      // order): once the next run's notification is out, the first one's
      // later change has been handled without a second notification.
      const next = await launch();
      await notificationTo(`/openchoreo-workflows/runs/default/${next}`);
      expect(sent.filter(n => n.payload.link === link)).toHaveLength(1);
      // The demo history has no runs launched from Backstage: nobody else was notified.
      expect(sent.map(n => n.payload.link).sort()).toEqual(
        [link, `/openchoreo-workflows/runs/default/${next}`].sort(),
      );
    });
  });

  describe('at least once, once per run uid, across restarts and instances', () => {
    const databases = TestDatabases.create({ ids: DATABASE_IDS });
    const ran = new Set<string>();
    const now = new Date('2026-11-27T10:00:00Z');
    const later = (ms: number) => new Date(now.getTime() + ms);
    const delivery = { leaseMs: 60_000, maxAttempts: 3, baseDelayMs: 1_000 };
    const run = (
      phase: 'Succeeded' | 'Failed',
      uid = 'uid-1',
      name = 'build-1',
    ): WorkflowRunResource => ({
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'WorkflowRun',
      metadata: {
        name,
        namespace: 'team-a',
        uid,
        creationTimestamp: '2026-11-27T09:58:00Z',
        annotations: { 'openchoreo-workflows.backstage.io/launched-by': ALICE },
      },
      spec: { workflow: { kind: 'Workflow', name: 'build' } },
      status: {
        startedAt: '2026-11-27T09:58:00Z',
        completedAt: '2026-11-27T09:59:23Z',
        conditions: [
          {
            type: 'WorkflowCompleted',
            status: 'True',
            reason:
              phase === 'Succeeded' ? 'WorkflowSucceeded' : 'WorkflowFailed',
            message: phase === 'Failed' ? 'step test exited with 1' : '',
            lastTransitionTime: '2026-11-27T09:59:23Z',
          },
          ...(phase === 'Succeeded'
            ? [
                {
                  type: 'WorkflowSucceeded',
                  status: 'True',
                  reason: 'WorkflowSucceeded',
                  message: '',
                  lastTransitionTime: '2026-11-27T09:59:23Z',
                },
              ]
            : [
                {
                  type: 'WorkflowFailed',
                  status: 'True',
                  reason: 'WorkflowFailed',
                  message: 'step test exited with 1',
                  lastTransitionTime: '2026-11-27T09:59:23Z',
                },
              ]),
        ],
      } as any,
    });
    const cluster = (workflowOwner?: string) =>
      ({
        name: 'local',
        getWorkflow: () =>
          workflowOwner
            ? {
                metadata: {
                  name: 'build',
                  namespace: 'team-a',
                  annotations: { 'openchoreo.dev/owner': workflowOwner },
                },
              }
            : undefined,
      } as any);
    const key = (uid = 'uid-1', name = 'build-1') => ({
      cluster: 'local',
      namespace: 'team-a',
      name,
      uid,
    });

    /** A backend instance: its own notifier (and claim owner) on the shared database. */
    const instance = (
      db: Knex,
      send: (n: NotificationSendOptions) => Promise<void>,
      extra: Partial<RunNotifierOptions> = {},
    ) => {
      const logger = mockServices.logger.mock();
      const notifier = new RunNotifier({
        db,
        notifications: { send },
        logger,
        delivery,
        ...extra,
      });
      return { notifier, logger };
    };
    const start = async (id: TestDatabaseId) => {
      const db = await databases.init(id);
      await RunArchive.forKnex(db);
      ran.add(id);
      return db;
    };

    it.each(databases.eachSupportedId())(
      'records once per run uid; a restarted instance does not send again (%p)',
      async id => {
        const db = await start(id);
        const send = jest.fn(async () => {});
        const { notifier: first } = instance(db, send);
        expect(await first.record(cluster(), run('Failed'), now)).toBe(true);
        expect(await first.record(cluster(), run('Failed'), now)).toBe(false);
        expect(await first.deliverDue(now)).toBe(1);
        expect(await first.deliverDue(later(10 * 60_000))).toBe(0);
        // A restarted backend (a new notifier on the same database) re-lists the run.
        const { notifier: second } = instance(db, send);
        expect(await second.record(cluster(), run('Failed'), now)).toBe(false);
        expect(await second.deliverDue(later(10 * 60_000))).toBe(0);
        expect(send).toHaveBeenCalledTimes(1);
        expect(send).toHaveBeenCalledWith({
          recipients: { type: 'entity', entityRef: [ALICE] },
          payload: expect.objectContaining({
            title: 'Workflow run build-1 failed',
            description:
              'Workflow build ran in team-a and failed in 1m 23s: step test exited with 1.',
            link: '/openchoreo-workflows/runs/team-a/build-1',
            severity: 'high',
            scope: 'openchoreo-workflows:run:local/team-a/build-1/uid-1',
          }),
        });
        // A run re-created under the same name is a new run.
        expect(
          await second.record(cluster(), run('Succeeded', 'uid-2'), now),
        ).toBe(true);
        expect(await second.deliverDue(now)).toBe(1);
      },
    );

    it.each(databases.eachSupportedId())(
      'two instances that both see every run send each once (%p)',
      async id => {
        const db = await start(id);
        const sent: string[] = [];
        const send = async (n: NotificationSendOptions) => {
          sent.push(n.payload.link!);
        };
        const a = instance(db, send).notifier;
        const b = instance(db, send).notifier;
        const runs = Array.from({ length: 12 }, (_, i) =>
          run('Succeeded', `uid-${i}`, `build-${i}`),
        );
        const recorded = await Promise.all(
          runs.flatMap(r => [
            a.record(cluster(), r, now),
            b.record(cluster(), r, now),
          ]),
        );
        expect(recorded.filter(Boolean)).toHaveLength(12);
        const [byA, byB] = await Promise.all([
          a.deliverDue(now),
          b.deliverDue(now),
        ]);
        expect(byA + byB).toBe(12);
        expect(sent).toHaveLength(12);
        expect(new Set(sent).size).toBe(12);
      },
    );

    it.each(databases.eachSupportedId())(
      'an instance that stopped after recording, or while sending, loses nothing (%p)',
      async id => {
        const db = await start(id);
        const send = jest.fn(async () => {});
        // Stopped right after recording: never sent anything.
        const crashed = instance(db, send).notifier;
        expect(await crashed.record(cluster(), run('Succeeded'), now)).toBe(
          true,
        );
        const survivor = instance(db, send).notifier;
        expect(await survivor.deliverDue(now)).toBe(1);
        expect(send).toHaveBeenCalledTimes(1);

        // Stopped while sending: its send never returns, its claim lapses.
        const hanging = jest.fn(() => new Promise<void>(() => {}));
        const stuck = instance(db, hanging).notifier;
        const other = run('Failed', 'uid-9', 'build-9');
        expect(await stuck.record(cluster(), other, now)).toBe(true);
        void stuck.deliverDue(now);
        await eventually(() => hanging.mock.calls.length === 1 || undefined);
        expect(await survivor.deliverDue(later(1_000))).toBe(0);
        expect(await survivor.deliverDue(later(60_001))).toBe(1);
        expect(send).toHaveBeenCalledTimes(2);
        expect(await survivor.deliverDue(later(10 * 60_000))).toBe(0);
      },
    );

    it.each(databases.eachSupportedId())(
      'retries a failed send with backoff, then gives up and says so (%p)',
      async id => {
        const db = await start(id);
        const send = jest.fn(async () => {
          throw new Error('notifications unavailable');
        });
        const { notifier, logger } = instance(db, send);
        await notifier.record(cluster(), run('Succeeded'), now);
        expect(await notifier.deliverDue(now)).toBe(0);
        expect(await notifier.deliverDue(later(999))).toBe(0);
        expect(send).toHaveBeenCalledTimes(1);
        expect(await notifier.deliverDue(later(1_000))).toBe(0);
        expect(send).toHaveBeenCalledTimes(2);
        expect(logger.warn).toHaveBeenCalledWith(
          expect.stringContaining('failed (attempt 2), will retry'),
        );
        expect(await notifier.deliverDue(later(2_999))).toBe(0);
        expect(send).toHaveBeenCalledTimes(2);
        expect(await notifier.deliverDue(later(3_000))).toBe(0);
        expect(send).toHaveBeenCalledTimes(3);
        expect(logger.error).toHaveBeenCalledWith(
          expect.stringMatching(
            /^giving up notifying the completion of run local\/team-a\/build-1 after 3 attempts: Error: notifications unavailable$/,
          ),
        );
        expect(await notifier.deliverDue(later(24 * 3600_000))).toBe(0);
        expect(send).toHaveBeenCalledTimes(3);
        expect(await new NotificationClaims(db).stateOf(key())).toBe('failed');
      },
    );

    it.each(databases.eachSupportedId())(
      'notifies the owner when configured, also after a failed send (%p)',
      async id => {
        const db = await start(id);
        const send = jest
          .fn()
          .mockRejectedValueOnce(new Error('notifications unavailable'))
          .mockResolvedValue(undefined);
        const { notifier } = instance(db, send, {
          notifyOwner: true,
          ownerOf: async () => 'group:default/team-a',
        });
        expect(
          await notifier.record(cluster('team-a'), run('Succeeded'), now),
        ).toBe(true);
        expect(await notifier.deliverDue(now)).toBe(0);
        expect(await notifier.deliverDue(later(1_000))).toBe(1);
        expect(send).toHaveBeenCalledTimes(2);
        expect(send).toHaveBeenLastCalledWith(
          expect.objectContaining({
            recipients: {
              type: 'entity',
              entityRef: [ALICE, 'group:default/team-a'],
            },
          }),
        );
        expect(await new NotificationClaims(db).stateOf(key())).toBe('sent');
      },
    );

    it.each(databases.eachSupportedId())(
      'skips unfinished runs and runs finished long ago (%p)',
      async id => {
        const db = await start(id);
        const send = jest.fn(async () => {});
        const { notifier } = instance(db, send);
        const running = run('Succeeded');
        running.status = { startedAt: '2026-11-27T09:58:00Z' } as any;
        expect(await notifier.record(cluster(), running, now)).toBe(false);
        expect(
          await notifier.record(
            cluster(),
            run('Succeeded'),
            new Date('2026-11-28T10:00:00Z'),
          ),
        ).toBe(false);
        expect(await notifier.deliverDue(later(3600_000))).toBe(0);
        expect(send).not.toHaveBeenCalled();
      },
    );

    it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
      expect(ran.has('SQLITE_3')).toBe(true);
      const postgres = [...ran].some(i => i.startsWith('POSTGRES'));
      expect(Boolean(process.env.OCW_REQUIRE_POSTGRES) && !postgres).toBe(
        false,
      );
    });
  });

  it('formats durations', () => {
    expect(formatDuration(4_000)).toBe('4s');
    expect(formatDuration(83_000)).toBe('1m 23s');
    expect(formatDuration(3_723_000)).toBe('1h 2m 3s');
  });
});
