import { Config } from '@backstage/config';

/** Live streams one user may have open at once, by default. */
export const DEFAULT_STREAMS_PER_USER = 10;

/** A user has too many live streams open. HTTP 429. */
export class TooManyStreamsError extends Error {
  readonly statusCode = 429;

  constructor(limit: number) {
    super(
      `too many live streams: at most ${limit} per user (openchoreoWorkflows.streams.perUser); close one to open another`,
    );
    this.name = 'TooManyStreamsError';
  }
}

/** Counts the live streams each user has open, up to a cap. */
export class StreamSlots {
  readonly #open = new Map<string, number>();

  constructor(readonly perUser: number = DEFAULT_STREAMS_PER_USER) {}

  static fromConfig(config: Config) {
    const perUser = config.getOptionalNumber(
      'openchoreoWorkflows.streams.perUser',
    );
    if (perUser !== undefined && (!Number.isInteger(perUser) || perUser < 1)) {
      throw new Error(
        `openchoreoWorkflows.streams.perUser: must be a positive integer, got ${perUser}`,
      );
    }
    return new StreamSlots(perUser);
  }

  /** Takes one of `user`'s slots (429 when none is left); returns its release. */
  take(user: string): () => void {
    const open = this.#open.get(user) ?? 0;
    if (open >= this.perUser) throw new TooManyStreamsError(this.perUser);
    this.#open.set(user, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(user) ?? 1) - 1;
      if (left > 0) this.#open.set(user, left);
      else this.#open.delete(user);
    };
  }
}
