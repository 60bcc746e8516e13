import { mockServices } from '@backstage/backend-test-utils';
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { startTestObserver } from '../__testUtils__/testObserver';
import { Observers, stepWindow } from './Observers';

/** Seconds from a start an hour ago (the observer is asked up to now). */
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3600_000;
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const run = {
  cluster: 'prod',
  namespace: 'default',
  name: 'r1',
  createdAt: at(0),
  startedAt: at(0),
  completedAt: at(100),
  tasks: [
    {
      name: 'fetch',
      phase: 'Succeeded',
      startedAt: at(1),
      completedAt: at(30),
    },
    {
      name: 'report',
      phase: 'Succeeded',
      startedAt: at(40),
      completedAt: at(100),
    },
  ],
} as unknown as RunDetail;

describe('Observers', () => {
  it("asks for a step's own time, a few seconds either side", () => {
    expect(stepWindow(run, 'fetch', Date.parse(at(1000)))).toEqual({
      from: new Date(at(-4)),
      to: new Date(at(35)),
    });
    // A step still running: up to now.
    const running = {
      ...run,
      tasks: [{ name: 'fetch', phase: 'Running', startedAt: at(1) }],
      completedAt: undefined,
    } as unknown as RunDetail;
    expect(stepWindow(running, 'fetch', Date.parse(at(50))).to).toEqual(
      new Date(at(50)),
    );
  });

  it("keeps other steps' lines out when the observer ignores taskName, as OpenChoreo v1.2.3's does", async () => {
    const observer = await startTestObserver({ ignoreTaskName: true });
    try {
      const line = (taskName: string, s: number) => ({
        namespace: 'default',
        workflowRunName: 'r1',
        taskName,
        timestamp: at(s),
        log: `${taskName} at ${s}`,
      });
      observer.add([
        line('fetch', 2),
        line('fetch', 29),
        line('report', 41),
        line('report', 99),
      ]);
      const observers = new Observers(
        [
          {
            name: 'prod',
            connection: { authProvider: 'inCluster' },
            observer: {
              url: observer.url,
              resolveFromObservabilityPlane: false,
              timeoutMs: 5000,
              maxResponseBytes: 1 << 20,
              maxLinesPerStep: 100,
              ingestionDelayMs: 0,
            },
          },
        ],
        mockServices.logger.mock(),
      );
      const cluster = { name: 'prod' } as ClusterState;
      const fetch = await observers.stepLogs(cluster, run, 'fetch');
      expect(fetch.lines.map(l => l.text)).toEqual([
        'fetch at 2',
        'fetch at 29',
      ]);
      const report = await observers.stepLogs(cluster, run, 'report');
      expect(report.lines.map(l => l.text)).toEqual([
        'report at 41',
        'report at 99',
      ]);
      expect(observer.queries.map(q => q.searchScope.taskName)).toEqual([
        'fetch',
        'report',
      ]);
    } finally {
      await observer.close();
    }
  });
});
