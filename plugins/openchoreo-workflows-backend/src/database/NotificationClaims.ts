import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

const TABLE = 'ocw_run_notifications';

/** A run's notification: the row's key (the run's uid makes a re-created run a new one). */
export interface NotificationKey {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
}

export interface ClaimedNotification<T> {
  key: NotificationKey;
  notification: T;
  /** Attempts made before this one. */
  attempts: number;
}

export interface NotificationClaimsOptions {
  /** How long one instance owns a send before another may take it over (ms). */
  leaseMs?: number;
  /** Sends tried before giving up. */
  maxAttempts?: number;
  /** Delay after the first failure, doubled after each further one (ms). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export const NOTIFICATION_CLAIM_DEFAULTS = {
  leaseMs: 60_000,
  maxAttempts: 8,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
};

const keyOf = (row: any): NotificationKey => ({
  cluster: row.cluster,
  namespace: row.namespace,
  name: row.name,
  uid: row.uid,
});

/**
 * The delivery state of run notifications in the database, shared by every
 * backend instance: the row is recorded before sending (insert if absent, so
 * a run is recorded once however many instances see it), one instance at a
 * time claims it for a send (a conditional update: the claim lasts `leaseMs`,
 * after which a crashed sender's row is taken over), and it is marked sent
 * after, or retried with backoff until the attempts are used up.
 */
export class NotificationClaims<T> {
  readonly #o: typeof NOTIFICATION_CLAIM_DEFAULTS;
  /** This instance, as written in `claimed_by`. */
  readonly owner = randomUUID();

  constructor(
    private readonly db: Knex,
    options: NotificationClaimsOptions = {},
  ) {
    this.#o = { ...NOTIFICATION_CLAIM_DEFAULTS, ...options };
  }

  /** Records the intent to send `notification`; false when the run was recorded before. */
  async record(
    key: NotificationKey,
    phase: string,
    notification: T,
    now: Date,
  ): Promise<boolean> {
    const inserted = await this.db(TABLE)
      .insert({
        ...key,
        phase,
        notified_at: now.toISOString(),
        state: 'pending',
        notification: JSON.stringify(notification),
        attempts: 0,
        next_attempt_at: now.getTime(),
      })
      .onConflict(['cluster', 'namespace', 'name', 'uid'])
      .ignore()
      .returning('uid');
    return inserted.length > 0;
  }

  /** Claims the due rows (at most `limit`) for this instance; each is then sent and marked. */
  async claimDue(now: Date, limit = 20): Promise<ClaimedNotification<T>[]> {
    const due = await this.#due(now)
      .select('cluster', 'namespace', 'name', 'uid')
      .orderBy('next_attempt_at')
      .limit(limit);
    const claimed: ClaimedNotification<T>[] = [];
    for (const row of due) {
      const key = keyOf(row);
      // The claim: only one instance's update finds the row still due.
      const updated = await this.#due(now)
        .where(key)
        .update({
          claimed_by: this.owner,
          claimed_until: now.getTime() + this.#o.leaseMs,
        });
      if (updated !== 1) continue;
      const mine = await this.db(TABLE).where(key).first();
      claimed.push({
        key,
        notification: JSON.parse(mine.notification),
        attempts: Number(mine.attempts),
      });
    }
    return claimed;
  }

  async markSent(key: NotificationKey, now: Date): Promise<void> {
    await this.#mine(key).update({
      state: 'sent',
      sent_at: now.toISOString(),
      claimed_until: null,
      last_error: null,
    });
  }

  /** Schedules another attempt with backoff; `'failed'` when the attempts are used up. */
  async markFailed(
    claim: ClaimedNotification<T>,
    error: string,
    now: Date,
  ): Promise<'retry' | 'failed'> {
    const attempts = claim.attempts + 1;
    const failed = attempts >= this.#o.maxAttempts;
    const delay = Math.min(
      this.#o.baseDelayMs * 2 ** (attempts - 1),
      this.#o.maxDelayMs,
    );
    await this.#mine(claim.key).update({
      state: failed ? 'failed' : 'pending',
      attempts,
      next_attempt_at: now.getTime() + delay,
      claimed_until: null,
      last_error: error.slice(0, 2000),
    });
    return failed ? 'failed' : 'retry';
  }

  /** The state of a run's row, for tests and diagnostics. */
  async stateOf(key: NotificationKey): Promise<string | undefined> {
    return (await this.db(TABLE).where(key).first())?.state;
  }

  #due(now: Date) {
    const ms = now.getTime();
    return this.db(TABLE)
      .where('state', 'pending')
      .where('next_attempt_at', '<=', ms)
      .where(q =>
        q.whereNull('claimed_until').orWhere('claimed_until', '<', ms),
      );
  }

  #mine(key: NotificationKey) {
    return this.db(TABLE).where(key).where('claimed_by', this.owner);
  }
}
