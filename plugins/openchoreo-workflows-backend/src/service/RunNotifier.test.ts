import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { WorkflowRunResource } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { RunArchive } from '../database/RunArchive';
import { openchoreoWorkflowsPlugin } from '../plugin';
import { formatDuration, RunNotifier } from './RunNotifier';

jest.setTimeout(60_000);

const API = '/api/openchoreo-workflows';
const ALICE = 'user:default/alice';

describe('RunNotifier', () => {
  describe('in the backend, against the local control plane', () => {
    let local: TestLocalControlPlane;
    const sent: NotificationSendOptions[] = [];

    beforeAll(async () => {
      local = await startTestLocalControlPlane({ stepSeconds: 0.05 });
    });

    afterAll(() => local?.stop());

    it('sends exactly one notification to the person who launched a run when it finishes', async () => {
      const { server } = await startTestBackend({
        features: [
          openchoreoWorkflowsPlugin,
          mockServices.rootConfig.factory({
            data: {
              openchoreoWorkflows: {
                clusters: [local.clusterConfig],
              },
            },
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({
              send: async (options: NotificationSendOptions) => {
                sent.push(options);
              },
            }),
          }),
        ],
      });
      for (
        let i = 0;
        i < 200 && !(await request(server).get(`${API}/health`)).body.ready;
        i++
      ) {
        await new Promise(r => setTimeout(r, 100));
      }
      const launched = await request(server)
        .post(`${API}/runs`)
        .set('Authorization', mockCredentials.user.header(ALICE))
        .send({
          namespace: 'default',
          workflow: { kind: 'Workflow', name: 'nightly-data-pipeline' },
          parameters: {},
        })
        .expect(201);
      const { name } = launched.body;
      const link = `/openchoreo-workflows/runs/default/${name}`;

      for (let i = 0; i < 300; i++) {
        const run = await request(server)
          .get(`${API}/runs/default/${name}`)
          .set('Authorization', mockCredentials.user.header(ALICE));
        if (run.body.phase === 'Succeeded' || run.body.phase === 'Failed')
          break;
        await new Promise(r => setTimeout(r, 100));
      }
      // Later status updates and re-lists must not notify again.
      await new Promise(r => setTimeout(r, 1500));
      const mine = sent.filter(s => s.payload.link === link);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toEqual({
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
      // The demo history has no runs launched from Backstage: nobody else was notified.
      expect(sent).toHaveLength(1);
    });
  });

  describe('exactly once across restarts', () => {
    const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
    const now = new Date('2026-11-27T10:00:00Z');
    const run = (
      phase: 'Succeeded' | 'Failed',
      uid = 'uid-1',
    ): WorkflowRunResource => ({
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'WorkflowRun',
      metadata: {
        name: 'build-1',
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

    it.each(databases.eachSupportedId())(
      'records the notification in the database (%p)',
      async id => {
        const db = await databases.init(id);
        await RunArchive.forKnex(db);
        const send = jest.fn(async () => {});
        const first = new RunNotifier({
          db,
          notifications: { send },
          logger: mockServices.logger.mock(),
        });
        expect(await first.notify(cluster(), run('Failed'), now)).toBe(true);
        expect(await first.notify(cluster(), run('Failed'), now)).toBe(false);
        // A restarted backend (a new notifier on the same database) re-lists the run.
        const second = new RunNotifier({
          db,
          notifications: { send },
          logger: mockServices.logger.mock(),
        });
        expect(await second.notify(cluster(), run('Failed'), now)).toBe(false);
        expect(send).toHaveBeenCalledTimes(1);
        expect(send).toHaveBeenCalledWith({
          recipients: { type: 'entity', entityRef: [ALICE] },
          payload: expect.objectContaining({
            title: 'Workflow run build-1 failed',
            description:
              'Workflow build ran in team-a and failed in 1m 23s: step test exited with 1.',
            link: '/openchoreo-workflows/runs/team-a/build-1',
            severity: 'high',
          }),
        });
        // A run re-created under the same name is a new run.
        expect(
          await second.notify(cluster(), run('Succeeded', 'uid-2'), now),
        ).toBe(true);
      },
    );

    it.each(databases.eachSupportedId())(
      'notifies the owner when configured, and retries after a failed send (%p)',
      async id => {
        const db = await databases.init(id);
        await RunArchive.forKnex(db);
        const send = jest
          .fn()
          .mockRejectedValueOnce(new Error('notifications unavailable'))
          .mockResolvedValue(undefined);
        const notifier = new RunNotifier({
          db,
          notifications: { send },
          logger: mockServices.logger.mock(),
          notifyOwner: true,
          ownerOf: async () => 'group:default/team-a',
        });
        await expect(
          notifier.notify(cluster('team-a'), run('Succeeded'), now),
        ).rejects.toThrow('unavailable');
        expect(
          await notifier.notify(cluster('team-a'), run('Succeeded'), now),
        ).toBe(true);
        expect(send).toHaveBeenLastCalledWith(
          expect.objectContaining({
            recipients: {
              type: 'entity',
              entityRef: [ALICE, 'group:default/team-a'],
            },
          }),
        );
      },
    );

    it.each(databases.eachSupportedId())(
      'skips unfinished runs and runs finished long ago (%p)',
      async id => {
        const db = await databases.init(id);
        await RunArchive.forKnex(db);
        const send = jest.fn(async () => {});
        const notifier = new RunNotifier({
          db,
          notifications: { send },
          logger: mockServices.logger.mock(),
        });
        const running = run('Succeeded');
        running.status = { startedAt: '2026-11-27T09:58:00Z' } as any;
        expect(await notifier.notify(cluster(), running, now)).toBe(false);
        expect(
          await notifier.notify(
            cluster(),
            run('Succeeded'),
            new Date('2026-11-28T10:00:00Z'),
          ),
        ).toBe(false);
        expect(send).not.toHaveBeenCalled();
      },
    );
  });

  it('formats durations', () => {
    expect(formatDuration(4_000)).toBe('4s');
    expect(formatDuration(83_000)).toBe('1m 23s');
    expect(formatDuration(3_723_000)).toBe('1h 2m 3s');
  });
});
