import {
  evaluateRun,
  EvaluationRequest,
  EvaluationResult,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ServiceUnavailableError } from '@backstage/errors';
import path from 'node:path';
import { Piscina } from 'piscina';
import { EvaluationLimitError } from './errors';
import { createProgressBuffer, Phase, ProgressReader } from './progress';
import { UserQueue, UserQueueLimits } from './UserQueue';

/**
 * What a worker receives: the request and the memory it reports its progress in.
 *
 * @public
 */
export interface EvaluationTask {
  request: EvaluationRequest;
  progress: SharedArrayBuffer;
}

/**
 * Evaluates runs (the common package's `evaluateRun`) somewhere that cannot
 * stall the caller.
 *
 * @public
 */
export interface Evaluator {
  /**
   * Rejects with EvaluationLimitError (422) past a limit, EvaluationBusyError
   * (429) when `user` has too many evaluations in progress.
   */
  evaluate(
    request: EvaluationRequest,
    options?: EvaluateOptions,
  ): Promise<EvaluationResult>;
  close(): Promise<void>;
}

/** @public */
export interface EvaluateOptions {
  /** Who asks: per-user limits apply when given. */
  user?: string;
  /** Called when a worker starts the evaluation (its deadline starts then). */
  onStarted?: () => void;
}

/** @public */
export interface EvaluationPoolOptions {
  /** Longest an evaluation may run, from when its worker starts it. */
  timeoutMs: number;
  /**
   * Longest an evaluation may wait for a worker (its user's turn, a free
   * thread, a thread that replaces one stopped at a deadline), from when it is
   * asked for; past it, a 503. Default QUEUE_TIMEOUT_MS.
   */
  queueTimeoutMs?: number;
  /** How messages name the queue deadline's setting, e.g. `openchoreoWorkflows.evaluation.queueTimeoutMs`. */
  queueTimeoutSetting?: string;
  /** Worker threads. */
  threads: number;
  /** Heap of each worker thread (V8 old generation), in MB. */
  memoryLimitMb: number;
  /** How messages name the settings, e.g. `openchoreoWorkflows.evaluation` or `--timeout-ms`. */
  timeoutSetting: string;
  /** Per-user limits, for evaluations given a user. */
  users?: UserQueueLimits & { settingPrefix: string };
  /** Told about a worker failing outside any task. */
  onError?: (error: Error) => void;
}

/**
 * `Workflow default/x`, `ClusterWorkflow x`: how messages name a workflow.
 *
 * @public
 */
export function describeWorkflow(workflow: WorkflowResource): string {
  const kind = workflow?.kind ?? 'Workflow';
  const name = workflow?.metadata?.name;
  const namespace = workflow?.metadata?.namespace;
  return kind === 'ClusterWorkflow' || !namespace
    ? `${kind} ${name}`
    : `${kind} ${namespace}/${name}`;
}

/**
 * The default queue deadline (ms): generous, since a thread that replaces
 * one stopped at a deadline loads the evaluation code again, slowly on a
 * busy machine; what matters is that no request waits for ever.
 */
export const QUEUE_TIMEOUT_MS = 30_000;

/** Thrown inside the pool when the queue deadline passed; answered as a 503. */
const QUEUE_TIMEOUT = Symbol('queue timeout');

/** How much lower the workers' CPU priority is than the process's (Unix nice). */
const WORKER_NICE_INCREMENT = 10;

function workerEntry(): string {
  const manifest = require.resolve(
    '@openchoreo-workflows/plugin-openchoreo-workflows-node/package.json',
  );
  return path.join(path.dirname(manifest), 'worker', 'evaluationWorker.cjs');
}

/**
 * Evaluations in a pool of worker threads (piscina), each with a deadline
 * that starts when its worker starts it and a memory limit. A worker past its
 * deadline is terminated (the pool starts another) and the evaluation
 * rejects with an EvaluationLimitError naming the workflow, the expression it
 * was in and the limit. The event loop of the caller never runs CEL or a
 * regular expression of a workflow.
 *
 * @public
 */
export class EvaluationPool implements Evaluator {
  readonly #pool: Piscina;
  readonly #users?: UserQueue;
  #closing = false;

  constructor(private readonly options: EvaluationPoolOptions) {
    this.#pool = new Piscina({
      filename: workerEntry(),
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryLimitMb },
      // Below the event loop's CPU priority: busy workers must not slow the
      // requests the main thread serves (no effect where the OS refuses).
      niceIncrement: WORKER_NICE_INCREMENT,
      // close() does not wait for running evaluations (they may never end).
      closeTimeout: 0,
    });
    this.#pool.on('error', (e: Error) => {
      // Closing reports that running evaluations were not waited for.
      if (!this.#closing) options.onError?.(e);
    });
    if (options.users) {
      this.#users = new UserQueue(options.users, options.users.settingPrefix);
    }
  }

  async evaluate(
    request: EvaluationRequest,
    options: EvaluateOptions = {},
  ): Promise<EvaluationResult> {
    // The queue deadline: from now until a worker starts the evaluation.
    const queue = new AbortController();
    const timer = setTimeout(
      () => queue.abort(QUEUE_TIMEOUT),
      this.#queueTimeoutMs,
    );
    try {
      const release =
        this.#users && options.user
          ? await this.#users.acquire(options.user, queue.signal)
          : undefined;
      try {
        return await this.#run(request, queue.signal, () => {
          clearTimeout(timer);
          options.onStarted?.();
        });
      } finally {
        release?.();
      }
    } catch (e) {
      if (e === QUEUE_TIMEOUT) throw this.#queueTimeoutError();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  get #queueTimeoutMs() {
    return this.options.queueTimeoutMs ?? QUEUE_TIMEOUT_MS;
  }

  #queueTimeoutError() {
    const setting = this.options.queueTimeoutSetting;
    return new ServiceUnavailableError(
      `the evaluation waited longer than ${
        this.#queueTimeoutMs
      } ms for a worker${
        setting ? ` (limit ${setting})` : ''
      }: the server is busy; try again shortly`,
    );
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#users?.close();
    // close(), not destroy(): it also keeps the pool from starting new
    // threads for good. After destroy() alone, a worker terminated earlier
    // at a deadline that exits late (slow under load, niced) was replaced by
    // a new thread nobody stopped, which kept the process alive.
    await this.#pool.close({ force: true });
  }

  async #run(
    request: EvaluationRequest,
    queue: AbortSignal,
    onStarted: () => void,
  ): Promise<EvaluationResult> {
    if (queue.aborted) throw QUEUE_TIMEOUT;
    const buffer = createProgressBuffer();
    const progress = new ProgressReader(buffer);
    const abort = new AbortController();
    let timedOut = false;
    let queuedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const leaveQueue = () => {
      // Still waiting for a thread: the pool drops the task.
      if (progress.phase() !== Phase.Queued) return;
      queuedOut = true;
      abort.abort();
    };
    queue.addEventListener('abort', leaveQueue, { once: true });
    progress.started().then(() => {
      queue.removeEventListener('abort', leaveQueue);
      if (settled) return;
      onStarted();
      timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, this.options.timeoutMs);
    });
    const task: EvaluationTask = { request, progress: buffer };
    try {
      return await this.#pool.run(task, { signal: abort.signal });
    } catch (e) {
      if (timedOut) throw this.#timeoutError(request, progress);
      if (queuedOut) throw QUEUE_TIMEOUT;
      if (this.#closing) {
        throw new ServiceUnavailableError(
          'the evaluation was stopped: shutting down',
        );
      }
      if ((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new EvaluationLimitError(
          `${this.#verb(progress)} ${describeWorkflow(
            request.workflow,
          )} needed more than ${
            this.options.memoryLimitMb
          } MB of memory${this.#hint(progress)}`,
          progress.expression(),
        );
      }
      throw e;
    } finally {
      settled = true;
      clearTimeout(timer);
      queue.removeEventListener('abort', leaveQueue);
      progress.cancel();
    }
  }

  #timeoutError(request: EvaluationRequest, progress: ProgressReader) {
    return new EvaluationLimitError(
      `${this.#verb(progress)} ${describeWorkflow(
        request.workflow,
      )} took longer than ${this.options.timeoutMs} ms (limit ${
        this.options.timeoutSetting
      })${this.#hint(progress)}`,
      progress.expression(),
    );
  }

  #verb(progress: ProgressReader) {
    return progress.phase() === Phase.Rendering
      ? 'rendering'
      : 'validating the parameters of';
  }

  #hint(progress: ProgressReader) {
    const expression = progress.expression();
    return expression ? `; check the expression \`${expression}\`` : '';
  }
}

/**
 * Evaluations on the caller's event loop, without deadline or limits: what
 * the code did before the pool. Only for measuring the pool against it
 * (`scripts/bench/isolation.ts`); a hostile workflow freezes its caller.
 *
 * @public
 */
export class InlineEvaluator implements Evaluator {
  async evaluate(request: EvaluationRequest): Promise<EvaluationResult> {
    return evaluateRun(request);
  }

  async close(): Promise<void> {}
}
