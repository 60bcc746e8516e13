import { LoggerService } from '@backstage/backend-plugin-api';
import {
  LogLine,
  RunDetail,
  StepLogReason,
  stepLogReasonText,
  StepLogStatus,
  stepLogsUnavailable,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { RunArchive } from '../database/RunArchive';
import { ObserverError } from '../observer/ObserverClient';
import { Observers } from '../observer/Observers';

/** A step's kept log, as the archive returns it: from line `offset` on (0 when absent). */
export interface KeptLog {
  task: string;
  lines: LogLine[];
  complete: boolean;
  offset?: number;
}

/** How many lines are kept of a step. */
export const keptLines = (kept?: KeptLog) =>
  (kept?.offset ?? 0) + (kept?.lines.length ?? 0);

/** Observer answers are reused this long, so page views do not each ask again. */
const OBSERVER_CACHE_MS = 15_000;
const OBSERVER_CACHE_ENTRIES = 500;

type ObserverAnswer =
  | { lines: LogLine[]; truncated: boolean }
  | { error: string };

/**
 * What is shown for a step whose pod cannot be read: the lines OpenChoreo's
 * observer has (kept in the archive like pod logs), else what the archive
 * already has, else a sentence saying why there are none.
 */
export class StepLogFallback {
  readonly #asked = new Map<
    string,
    { at: number; answer: Promise<ObserverAnswer> }
  >();

  constructor(
    private readonly deps: {
      archive: RunArchive;
      logger: LoggerService;
      observers?: Observers;
    },
  ) {}

  /** Updates `stored` with what was found and returns the step's status. */
  async resolve(
    cluster: ClusterState,
    run: RunDetail,
    task: string,
    reason: StepLogReason,
    stored: Map<string, KeptLog>,
    detail?: string,
  ): Promise<StepLogStatus> {
    const kept = stored.get(task);
    const hasKept = keptLines(kept) > 0;
    if (reason === 'notStarted') {
      return hasKept
        ? { task, source: 'archive' }
        : { task, reason, unavailable: stepLogsUnavailable(task, reason) };
    }
    const observers = this.deps.observers;
    const answer: ObserverAnswer = observers?.isConfigured(cluster.name)
      ? await this.#ask(cluster, run, task)
      : { error: `no observer is configured for cluster '${cluster.name}'` };
    let observerSaid = "OpenChoreo's observer has no lines for it";
    if ('error' in answer) observerSaid = answer.error;
    else if (answer.lines.length > 0)
      observerSaid = "OpenChoreo's observer has no more lines for it";
    const why = [detail, observerSaid].filter(Boolean).join('; ');

    if ('lines' in answer && answer.lines.length > keptLines(kept)) {
      const complete = this.#settled(
        run,
        task,
        observers!.ingestionDelayMs(cluster.name),
      );
      stored.set(task, { task, lines: answer.lines, complete });
      await this.deps.archive.saveLogs(
        {
          cluster: cluster.name,
          namespace: run.namespace,
          name: run.name,
          task,
        },
        answer.lines,
        complete,
      );
      const note = [
        `read from OpenChoreo's observer: ${stepLogReasonText(reason)}${
          detail ? ` (${detail})` : ''
        }`,
        answer.truncated &&
          `only the first ${answer.lines.length} lines were read`,
      ];
      return {
        task,
        source: 'observer',
        reason,
        note: note.filter(Boolean).join('; '),
      };
    }
    if (hasKept) return { task, source: 'archive', reason, note: why };
    return {
      task,
      reason,
      unavailable: stepLogsUnavailable(task, reason, { detail: why }),
    };
  }

  /**
   * Whether the observer's lines of a step are final: lines reach it through
   * a log pipeline, so what it has for a step that ended moments ago may
   * still grow and is read again rather than kept as complete.
   */
  #settled(run: RunDetail, task: string, delayMs: number): boolean {
    const step = run.tasks.find(t => t.name === task);
    const ended = Date.parse(step?.completedAt ?? run.completedAt ?? '');
    return !Number.isNaN(ended) && Date.now() - ended >= delayMs;
  }

  /** One observer read per step at a time, reused for a few seconds. */
  #ask(cluster: ClusterState, run: RunDetail, task: string) {
    const key = `${cluster.name}/${run.namespace}/${run.name}/${task}`;
    const cached = this.#asked.get(key);
    if (cached && Date.now() - cached.at < OBSERVER_CACHE_MS)
      return cached.answer;
    const answer: Promise<ObserverAnswer> = this.deps
      .observers!.stepLogs(cluster, run, task)
      .catch(e => {
        if (e instanceof ObserverError) return { error: e.message };
        this.deps.logger.warn(`reading ${key} from the observer: ${e}`);
        return { error: "OpenChoreo's observer could not be read" };
      });
    this.#asked.delete(key);
    this.#asked.set(key, { at: Date.now(), answer });
    while (this.#asked.size > OBSERVER_CACHE_ENTRIES) {
      this.#asked.delete(this.#asked.keys().next().value!);
    }
    return answer;
  }
}
