/**
 * What a worker is doing, in memory shared with the pool, so that an
 * evaluation stopped at its deadline can say where it was and the deadline
 * can start when the worker starts (not while the task waits for a thread):
 * an Int32 state, the length of the current expression, then its UTF-8 bytes.
 */
const STATE = 0;
const LENGTH = 1;
const HEADER_BYTES = 8;
/** Longest expression kept (bytes); longer ones are cut. */
const EXPRESSION_BYTES = 1024;

export const Phase = { Queued: 0, Validating: 1, Rendering: 2 } as const;
export type PhaseValue = (typeof Phase)[keyof typeof Phase];

export function createProgressBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + EXPRESSION_BYTES);
}

/** The worker's side. */
export class ProgressWriter {
  readonly #state: Int32Array;
  readonly #bytes: Uint8Array;
  readonly #encoder = new TextEncoder();

  constructor(buffer: SharedArrayBuffer) {
    this.#state = new Int32Array(buffer, 0, 2);
    this.#bytes = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** The task has started: wakes the pool, which starts the deadline. */
  started() {
    Atomics.store(this.#state, STATE, Phase.Validating);
    Atomics.notify(this.#state, STATE);
  }

  expression(expression: string) {
    Atomics.store(this.#state, STATE, Phase.Rendering);
    const { written } = this.#encoder.encodeInto(expression, this.#bytes);
    Atomics.store(this.#state, LENGTH, written);
  }
}

/** The pool's side. */
export class ProgressReader {
  readonly #state: Int32Array;
  readonly #bytes: Uint8Array;

  constructor(buffer: SharedArrayBuffer) {
    this.#state = new Int32Array(buffer, 0, 2);
    this.#bytes = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** Resolves when the worker has started the task. */
  async started(): Promise<void> {
    const wait = Atomics.waitAsync(this.#state, STATE, Phase.Queued);
    if (wait.async) await wait.value;
  }

  /** Wakes `started()` for good (the task is over, started or not). */
  cancel() {
    Atomics.notify(this.#state, STATE);
  }

  phase(): PhaseValue {
    return Atomics.load(this.#state, STATE) as PhaseValue;
  }

  /** The expression the worker was evaluating (the last one it began). */
  expression(): string | undefined {
    if (this.phase() !== Phase.Rendering) return undefined;
    const length = Atomics.load(this.#state, LENGTH);
    // Copied out of shared memory: TextDecoder does not read SharedArrayBuffer views.
    return new TextDecoder().decode(this.#bytes.slice(0, length));
  }
}
