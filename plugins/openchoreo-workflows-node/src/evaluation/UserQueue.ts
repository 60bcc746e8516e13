import { ServiceUnavailableError } from '@backstage/errors';
import { EvaluationBusyError } from './errors';

/**
 * How many evaluations one user may have running and waiting, and all users waiting.
 *
 * @public
 */
export interface UserQueueLimits {
  /** Running at once per user. */
  concurrency: number;
  /** Waiting per user beyond those; more are refused with 429. */
  queue: number;
  /** Waiting for all users together; more are refused with 503. */
  totalQueue: number;
}

/**
 * A small fair queue: each user gets at most `concurrency` evaluations at a
 * time, so one user flooding the pool cannot take every thread; a few more
 * wait their turn, and beyond that the user is told to slow down.
 */
export class UserQueue {
  readonly #running = new Map<string, number>();
  readonly #waiting = new Map<string, Array<() => void>>();
  #totalWaiting = 0;
  #closed = false;

  constructor(
    private readonly limits: UserQueueLimits,
    /** Names the setting in messages, e.g. `openchoreoWorkflows.evaluation`. */
    private readonly settingPrefix: string,
  ) {}

  /**
   * Waits for the user's turn; resolves to the release function. Rejects with
   * `signal`'s reason when it aborts first (the caller waited long enough).
   */
  async acquire(user: string, signal?: AbortSignal): Promise<() => void> {
    if (this.#closed) throw new ServiceUnavailableError('shutting down');
    const running = this.#running.get(user) ?? 0;
    if (running < this.limits.concurrency) {
      this.#running.set(user, running + 1);
      return this.#releaser(user);
    }
    const waiting = this.#waiting.get(user) ?? [];
    if (waiting.length >= this.limits.queue) {
      throw new EvaluationBusyError(
        `${user} has ${running} evaluations running and ${waiting.length} waiting, the most allowed (${this.settingPrefix}.perUserConcurrency ${this.limits.concurrency}, ${this.settingPrefix}.perUserQueue ${this.limits.queue}); try again when they finish`,
      );
    }
    if (this.#totalWaiting >= this.limits.totalQueue) {
      throw new ServiceUnavailableError(
        `${this.#totalWaiting} evaluations are waiting, the most allowed (${
          this.settingPrefix
        }.totalQueue ${this.limits.totalQueue}); try again shortly`,
      );
    }
    if (signal?.aborted) throw signal.reason;
    await new Promise<void>((resolve, reject) => {
      waiting.push(resolve);
      this.#waiting.set(user, waiting);
      this.#totalWaiting++;
      // Gone from the queue when the caller stops waiting (no-op once woken:
      // the signal lives no longer than the request).
      signal?.addEventListener(
        'abort',
        () => {
          const mine = this.#waiting.get(user);
          const at = mine?.indexOf(resolve) ?? -1;
          if (at < 0) return;
          mine!.splice(at, 1);
          if (mine!.length === 0) this.#waiting.delete(user);
          this.#totalWaiting--;
          reject(signal.reason);
        },
        { once: true },
      );
    });
    if (this.#closed) throw new ServiceUnavailableError('shutting down');
    return this.#releaser(user);
  }

  /** Refuses what waits and everything after. */
  close() {
    this.#closed = true;
    for (const waiting of this.#waiting.values()) {
      for (const wake of waiting) wake();
    }
    this.#waiting.clear();
    this.#totalWaiting = 0;
  }

  #releaser(user: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.get(user)?.shift();
      if (next) {
        // The slot passes to the user's next evaluation.
        this.#totalWaiting--;
        if (this.#waiting.get(user)!.length === 0) this.#waiting.delete(user);
        next();
        return;
      }
      const running = (this.#running.get(user) ?? 1) - 1;
      if (running > 0) this.#running.set(user, running);
      else this.#running.delete(user);
    };
  }
}
