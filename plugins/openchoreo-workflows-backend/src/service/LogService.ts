import { LoggerService } from '@backstage/backend-plugin-api';
import {
  isTerminalPhase,
  LogLine,
  RunDetail,
  RunLogsResponse,
  StepLogStatus,
  stepLogsUnavailable,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { resolveOffset } from '../database/logChunks';
import { RunArchive } from '../database/RunArchive';
import { Observers } from '../observer/Observers';
import { followPod, lineKey, readIncrementally } from './podLogs';
import { RunChanges, runChanges, withDeadline } from './runChanges';
import { StreamStart, streamFrom } from './streamFrom';
import { KeptLog, StepLogFallback } from './StepLogFallback';
import { storedTail } from './storedTail';
import { listStepPods, StepPod, whyNoPod } from './stepPods';

export { taskNameOfNode } from './stepPods';
export { parseLogLine } from './podLogs';

/**
 * A log stream wakes on its run's changes; without one it looks again after
 * this long (a pod may appear, or its container start, before the run shows it).
 */
const FALLBACK_MS = 5000;

/** How the archive names `run` of `cluster`. */
const archiveRef = (cluster: ClusterState, run: RunDetail) => ({
  cluster: cluster.name,
  namespace: run.namespace,
  name: run.name,
  uid: run.uid,
});

/** Whether the logs of the `wanted` steps of `run` are final. */
function isComplete(
  run: RunDetail,
  wanted: string[],
  stored: Map<string, KeptLog>,
  statuses: Map<string, StepLogStatus>,
): boolean {
  return (
    isTerminalPhase(run.phase) &&
    wanted.every(
      t =>
        stored.get(t)?.complete ||
        run.archived ||
        statuses.get(t)?.reason === 'notStarted',
    )
  );
}

/** `onLine` once per line (`seen` holds them), `onStatus` once per change of a step's status. */
function onceEach(
  onLine: (line: LogLine) => void,
  onStatus: (status: StepLogStatus) => void,
) {
  const seen = new Set<string>();
  const statuses = new Map<string, string>();
  return {
    seen,
    send: (line: LogLine) => {
      if (seen.has(lineKey(line))) return;
      seen.add(lineKey(line));
      onLine(line);
    },
    status: (s: StepLogStatus) => {
      const json = JSON.stringify(s);
      if (statuses.get(s.task) === json) return;
      statuses.set(s.task, json);
      onStatus(s);
    },
  };
}

/**
 * Step logs from the workflow plane's pods. What is read is kept in the
 * archive, so logs stay readable after the pods are gone; a step whose pod
 * cannot be read is read from OpenChoreo's observer when one is configured,
 * and otherwise says why it has no log.
 */
export class LogService {
  readonly #fallback: StepLogFallback;

  constructor(
    private readonly deps: {
      archive: RunArchive;
      logger: LoggerService;
      observers?: Observers;
    },
  ) {
    this.#fallback = new StepLogFallback(deps);
  }

  /**
   * Every step's log (or one step's): read from the pods that still exist,
   * else from the archive, else from OpenChoreo's observer; `steps` says
   * where each came from, or why it has none.
   */
  async read(
    cluster: ClusterState,
    run: RunDetail,
    task?: string,
  ): Promise<RunLogsResponse> {
    const stored = new Map<string, KeptLog>(
      (
        await this.deps.archive.getLogs(
          cluster.name,
          run.namespace,
          run.name,
          run.uid,
          task,
        )
      ).map(l => [l.task, l]),
    );
    const statuses = await this.#refresh(cluster, run, task, stored);
    const order = run.tasks.map(t => t.name);
    const wanted = task ? [task] : order;
    const entries = [...stored.values()]
      .filter(l => !task || l.task === task)
      .sort((a, b) => order.indexOf(a.task) - order.indexOf(b.task));
    return {
      lines: entries.flatMap(e => e.lines),
      complete: isComplete(run, wanted, stored, statuses),
      steps: wanted.map(t => statuses.get(t) ?? { task: t }),
    };
  }

  /**
   * A window of one step's log (a negative offset counts from the end), read
   * from the archive's chunks that hold it. A step whose log is not complete
   * is first brought up to date in the archive (pods, observer), from the
   * stored tail: a live step's read never loads its whole log.
   */
  async readWindow(
    cluster: ClusterState,
    run: RunDetail,
    task: string,
    window: { offset: number; limit: number },
  ): Promise<RunLogsResponse> {
    const { archive } = this.deps;
    const ref = archiveRef(cluster, run);
    const kept = await archive.getLogRange(ref, { task, ...window });
    if (kept?.complete) {
      return {
        lines: kept.lines,
        complete: isTerminalPhase(run.phase),
        steps: [{ task, source: 'archive' }],
        offset: kept.offset,
        total: kept.total,
      };
    }
    const tail = await storedTail(archive, ref, task);
    const stored = new Map<string, KeptLog>(tail ? [[task, tail]] : []);
    const statuses = await this.#refresh(cluster, run, task, stored);
    const now = await archive.getLogRange(ref, { task, ...window });
    return {
      lines: now?.lines ?? [],
      complete: isComplete(run, [task], stored, statuses),
      steps: [statuses.get(task) ?? { task }],
      offset: now?.offset ?? resolveOffset(window.offset, 0),
      total: now?.total ?? 0,
    };
  }

  /**
   * Brings `stored` (and the archive) up to date for every step (or `task`):
   * from its pods, else the fallback; returns where each step's log came
   * from, or why it has none.
   */
  async #refresh(
    cluster: ClusterState,
    run: RunDetail,
    task: string | undefined,
    stored: Map<string, KeptLog>,
  ): Promise<Map<string, StepLogStatus>> {
    const listing = await listStepPods(cluster, run);
    const unreadable = new Map<string, string>();
    const statuses = await this.#readPods(
      cluster,
      run,
      listing.pods.filter(p => !task || p.task === task),
      stored,
      unreadable,
    );
    for (const t of task ? [task] : run.tasks.map(x => x.name)) {
      const status = statuses.get(t);
      if (status?.source === 'pod') continue;
      if (stored.get(t)?.complete) {
        statuses.set(t, { task: t, source: 'archive' });
        continue;
      }
      const reason = status?.reason ?? whyNoPod(run, t, listing);
      if (!reason) continue;
      statuses.set(
        t,
        await this.#fallback.resolve(
          cluster,
          run,
          t,
          reason,
          stored,
          unreadable.get(t) ?? listing.error,
        ),
      );
    }
    return statuses;
  }

  /**
   * Reads the given pods' logs into `stored` (and the archive); the error of
   * a pod that cannot be read goes to `unreadable`.
   */
  async #readPods(
    cluster: ClusterState,
    run: RunDetail,
    pods: StepPod[],
    stored: Map<string, KeptLog>,
    unreadable: Map<string, string>,
  ): Promise<Map<string, StepLogStatus>> {
    const statuses = new Map<string, StepLogStatus>();
    for (const p of pods) {
      const previous = stored.get(p.task);
      // A finished step whose complete log we already keep needs no new read.
      if (previous?.complete) continue;
      try {
        const { lines, offset } = await readIncrementally(cluster, p, {
          lines: previous?.lines ?? [],
          offset: previous?.offset ?? 0,
        });
        stored.set(p.task, { task: p.task, lines, complete: p.done, offset });
        statuses.set(p.task, { task: p.task, source: 'pod' });
        await this.deps.archive.saveLogs(
          { ...archiveRef(cluster, run), task: p.task },
          lines,
          p.done,
          offset,
        );
      } catch (e) {
        this.deps.logger.debug(`reading log of ${p.namespace}/${p.pod}: ${e}`);
        // Another pod of the same step (a retry) may have been read.
        if (statuses.get(p.task)?.source === 'pod') continue;
        statuses.set(p.task, { task: p.task, reason: 'logUnreadable' });
        unreadable.set(p.task, (e as Error).message);
      }
    }
    return statuses;
  }

  /**
   * Follows the logs of a run's steps until it ends: calls `onLine` for each
   * line, `onStatus` whenever where a step's lines come from (or why there
   * are none) changes, and resolves when every step's log is complete or
   * `signal` aborts. With `from` (one `task`), the lines before `from.offset`
   * are not sent: `from.onStart` gets the line number of the first line sent
   * (the lines sent are consecutive from it), and the live pod is followed
   * from what the archive holds, never read whole.
   */
  async follow(
    cluster: ClusterState,
    getRun: () => Promise<RunDetail>,
    task: string | undefined,
    onLine: (line: LogLine) => void,
    signal: AbortSignal,
    onStatus: (status: StepLogStatus) => void = () => {},
    from?: StreamStart,
  ): Promise<void> {
    const controllers: AbortController[] = [];
    signal.addEventListener('abort', () => controllers.forEach(c => c.abort()));
    const { seen, send, status } = onceEach(onLine, onStatus);
    // Send what was already archived for pods that are gone.
    const run = await getRun();
    // The loop below reads the run again first: a change from here on wakes it.
    const changes = runChanges(cluster.runs, run);
    signal.addEventListener('abort', () => changes.close(), { once: true });
    try {
      const start =
        from && task
          ? await streamFrom(
              this,
              this.deps.archive,
              { cluster, run, task },
              from,
              seen,
            )
          : {
              initial: await this.read(cluster, run, task),
              sinceTime: undefined,
              final: (r: RunDetail) => this.read(cluster, r, task),
            };
      start.initial.steps.forEach(status);
      start.initial.lines.forEach(send);
      if (start.initial.complete) return;
      await this.#followUntilEnd(cluster, getRun, task, send, status, {
        signal,
        changes,
        controllers,
        sinceTime: start.sinceTime,
        final: start.final,
      });
    } finally {
      changes.close();
    }
  }

  /** The loop of `follow`: wakes on the run's changes (or after FALLBACK_MS). */
  async #followUntilEnd(
    cluster: ClusterState,
    getRun: () => Promise<RunDetail>,
    task: string | undefined,
    send: (line: LogLine) => void,
    status: (s: StepLogStatus) => void,
    ctx: {
      signal: AbortSignal;
      changes: RunChanges;
      controllers: AbortController[];
      /** Follow pods from this second (what the archive holds is sent). */
      sinceTime?: string;
      /** What the stream reads last, when the run ended. */
      final: (run: RunDetail) => Promise<RunLogsResponse>;
    },
  ): Promise<void> {
    const { signal, changes, controllers } = ctx;
    const following = new Map<string, Promise<void>>();
    let lastSignature = '';
    let lastListed = 0;
    while (!signal.aborted) {
      const run = await getRun();
      // Pods are listed again when the run's steps changed, and at most every
      // 5 s otherwise (a pod may appear before its step's status does).
      const signature = run.tasks.map(t => `${t.name}:${t.phase}`).join(',');
      const due =
        signature !== lastSignature || Date.now() - lastListed >= FALLBACK_MS;
      const listing = due ? await listStepPods(cluster, run) : { pods: [] };
      if (due) lastListed = Date.now();
      lastSignature = signature;
      const pods = listing.pods.filter(p => !task || p.task === task);
      for (const p of pods) {
        if (following.has(p.pod)) continue;
        const fromPod = (line: LogLine) => {
          status({ task: p.task, source: 'pod' });
          send(line);
        };
        // A pod whose log cannot be followed yet (its container waits) is tried again.
        const retry = () => !p.done && following.delete(p.pod);
        following.set(
          p.pod,
          followPod(cluster, p, fromPod, controllers, retry, ctx.sinceTime),
        );
      }
      if (listing.error) {
        for (const t of task ? [task] : run.tasks.map(x => x.name)) {
          if (whyNoPod(run, t, listing) !== 'workflowPlaneUnreachable')
            continue;
          const unavailable = stepLogsUnavailable(
            t,
            'workflowPlaneUnreachable',
            {
              detail: listing.error,
            },
          );
          status({ task: t, reason: 'workflowPlaneUnreachable', unavailable });
        }
      }
      if (isTerminalPhase(run.phase) || run.archived) {
        await withDeadline(Promise.all(following.values()), 5000);
        // A last read catches what the follows missed (a pod that ended
        // between two listings); only lines not yet sent go out.
        const final = await ctx.final(await getRun()).catch(() => undefined);
        final?.steps.forEach(status);
        final?.lines.forEach(send);
        return;
      }
      await changes.next(FALLBACK_MS);
    }
  }
}
