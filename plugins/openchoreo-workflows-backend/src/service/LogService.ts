import { LoggerService } from '@backstage/backend-plugin-api';
import {
  isTerminalPhase,
  LogLine,
  RunDetail,
  RunLogsResponse,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Writable } from 'node:stream';
import { ClusterState } from '../cluster/ClusterState';
import { RunArchive } from '../database/RunArchive';

const ARGO_WORKFLOW_LABEL = 'workflows.argoproj.io/workflow';
const ARGO_NODE_NAME = 'workflows.argoproj.io/node-name';
const CONTAINER = 'main';

interface StepPod {
  task: string;
  pod: string;
  namespace: string;
  done: boolean;
}

/** `2026-11-27T10:00:00.123Z some text` -> {timestamp, text} */
export function parseLogLine(task: string, raw: string): LogLine {
  const m = /^(\d{4}-\d{2}-\d{2}T\S+)\s(.*)$/.exec(raw);
  return m ? { task, timestamp: m[1], text: m[2] } : { task, text: raw };
}

/** `wf[0].build` -> `build`, the task name OpenChoreo records. */
export function taskNameOfNode(nodeName: string): string {
  const i = nodeName.lastIndexOf('.');
  return i >= 0 ? nodeName.slice(i + 1) : nodeName;
}

/**
 * Step logs from the workflow plane's pods. What is read is kept in the
 * archive, so logs stay readable after the pods are gone.
 */
export class LogService {
  constructor(
    private readonly deps: { archive: RunArchive; logger: LoggerService },
  ) {}

  async #pods(cluster: ClusterState, run: RunDetail): Promise<StepPod[]> {
    const ref = run.runReference;
    if (!ref?.namespace || run.archived) return [];
    const pods = await cluster.workflowPlane
      .listPods(ref.namespace, `${ARGO_WORKFLOW_LABEL}=${ref.name}`)
      .catch(e => {
        this.deps.logger.debug(
          `listing pods of ${ref.namespace}/${ref.name}: ${e}`,
        );
        return { items: [] };
      });
    return pods.items.map(p => ({
      task: taskNameOfNode(
        p.metadata?.annotations?.[ARGO_NODE_NAME] ?? p.metadata.name,
      ),
      pod: p.metadata.name,
      namespace: p.metadata.namespace ?? ref.namespace!,
      done: ['Succeeded', 'Failed'].includes(p.status?.phase),
    }));
  }

  /**
   * Reads only what is new since the last line we keep (`sinceTime`), then
   * drops the lines of that same second we already have (the API server's
   * `sinceTime` has second precision).
   */
  async #readIncrementally(
    cluster: ClusterState,
    p: StepPod,
    known: LogLine[],
  ): Promise<LogLine[]> {
    const last = known[known.length - 1]?.timestamp;
    const sinceTime = last ? `${last.slice(0, 19)}Z` : undefined;
    const text = await cluster.workflowPlane.readPodLog(
      p.namespace,
      p.pod,
      CONTAINER,
      {
        sinceTime,
      },
    );
    const fresh = text
      .split('\n')
      .filter(Boolean)
      .map(l => parseLogLine(p.task, l));
    if (!sinceTime) return fresh;
    const seen = new Set(known.map(l => `${l.timestamp}\n${l.text}`));
    return [
      ...known,
      ...fresh.filter(l => !seen.has(`${l.timestamp}\n${l.text}`)),
    ];
  }

  /** Every step's log (or one step's), read from the pods that still exist, else from the archive. */
  async read(
    cluster: ClusterState,
    run: RunDetail,
    task?: string,
  ): Promise<RunLogsResponse> {
    const stored = new Map(
      (
        await this.deps.archive.getLogs(cluster.name, run.namespace, run.name)
      ).map(l => [l.task, l]),
    );
    const pods = (await this.#pods(cluster, run)).filter(
      p => !task || p.task === task,
    );
    for (const p of pods) {
      const previous = stored.get(p.task);
      // A finished step whose complete log we already keep needs no new read.
      if (previous?.complete) continue;
      try {
        const lines = await this.#readIncrementally(
          cluster,
          p,
          previous?.lines ?? [],
        );
        stored.set(p.task, { task: p.task, lines, complete: p.done });
        await this.deps.archive.saveLogs(
          {
            cluster: cluster.name,
            namespace: run.namespace,
            name: run.name,
            task: p.task,
          },
          lines,
          p.done,
        );
      } catch (e) {
        this.deps.logger.debug(`reading log of ${p.namespace}/${p.pod}: ${e}`);
      }
    }
    const order = run.tasks.map(t => t.name);
    const entries = [...stored.values()]
      .filter(l => !task || l.task === task)
      .sort((a, b) => order.indexOf(a.task) - order.indexOf(b.task));
    const wanted = task ? [task] : order;
    return {
      lines: entries.flatMap(e => e.lines),
      complete:
        isTerminalPhase(run.phase) &&
        wanted.every(t => stored.get(t)?.complete || run.archived),
    };
  }

  /**
   * Follows the logs of a run's steps until it ends: calls `onLine` for each
   * line and resolves when every step's log is complete or `signal` aborts.
   */
  async follow(
    cluster: ClusterState,
    getRun: () => Promise<RunDetail>,
    task: string | undefined,
    onLine: (line: LogLine) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const following = new Map<string, Promise<void>>();
    const controllers: AbortController[] = [];
    signal.addEventListener('abort', () => controllers.forEach(c => c.abort()));
    // Send what was already archived for pods that are gone.
    let run = await getRun();
    const initial = await this.read(cluster, run, task);
    const seen = new Set<string>();
    for (const line of initial.lines) onLine(line);
    for (const line of initial.lines)
      seen.add(`${line.task}\n${line.timestamp}\n${line.text}`);
    if (initial.complete) return;

    let lastSignature = '';
    let lastListed = 0;
    while (!signal.aborted) {
      run = await getRun();
      // Pods are listed again when the run's steps changed, and at most every
      // 5 s otherwise (a pod may appear before its step's status does).
      const signature = run.tasks.map(t => `${t.name}:${t.phase}`).join(',');
      const due = signature !== lastSignature || Date.now() - lastListed > 5000;
      const pods = due ? await this.#pods(cluster, run) : [];
      if (due) lastListed = Date.now();
      lastSignature = signature;
      for (const p of pods) {
        if ((task && p.task !== task) || following.has(p.pod)) continue;
        const out = new Writable({
          write: (chunk, _enc, cb) => {
            for (const raw of chunk.toString().split('\n').filter(Boolean)) {
              const line = parseLogLine(p.task, raw);
              const key = `${line.task}\n${line.timestamp}\n${line.text}`;
              if (!seen.has(key)) {
                seen.add(key);
                onLine(line);
              }
            }
            cb();
          },
        });
        following.set(
          p.pod,
          new Promise<void>(resolve => {
            out.on('finish', () => resolve());
            out.on('close', () => resolve());
            cluster.workflowPlane
              .followPodLog(p.namespace, p.pod, CONTAINER, out)
              .then(c => controllers.push(c))
              .catch(() => resolve());
          }),
        );
      }
      if (isTerminalPhase(run.phase) || run.archived) {
        await Promise.race([
          Promise.all(following.values()),
          new Promise(r => setTimeout(r, 5000)),
        ]);
        // A last read catches what the follows missed (a pod that ended
        // between two listings); only lines not yet sent go out.
        const final = await this.read(cluster, await getRun(), task).catch(
          () => undefined,
        );
        for (const line of final?.lines ?? []) {
          const key = `${line.task}\n${line.timestamp}\n${line.text}`;
          if (!seen.has(key)) {
            seen.add(key);
            onLine(line);
          }
        }
        return;
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }
}
