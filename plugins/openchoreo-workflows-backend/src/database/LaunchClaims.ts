import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';

const TABLE = 'ocw_launches';

/** Whose key: a launcher's idempotency key on one cluster. */
export interface LaunchKey {
  cluster: string;
  userRef: string;
  idempotencyKey: string;
}

/** What a key was claimed for: the run it creates, of which workflow. */
export interface LaunchTarget {
  namespace: string;
  name: string;
  /** Absent on rows recorded before claims (after their run was created). */
  workflow?: { kind: string; name: string };
}

const where = (key: LaunchKey) => ({
  cluster: key.cluster,
  user_ref: key.userRef,
  idempotency_key: key.idempotencyKey,
});

const toTarget = (row: any): LaunchTarget => ({
  namespace: row.run_namespace,
  name: row.run_name,
  ...(row.workflow_kind
    ? { workflow: { kind: row.workflow_kind, name: row.workflow_name } }
    : {}),
});

/** Attempts at claiming a key that a failed launch releases meanwhile. */
const CLAIM_ATTEMPTS = 3;

/**
 * Idempotency keys in the database, shared by every backend instance: a
 * launch claims its key (an insert that only one of any number of concurrent
 * launches wins, the table's primary key decides) before it creates its run,
 * and releases the claim when the create failed, so that a retry can succeed.
 */
export class LaunchClaims {
  constructor(private readonly db: Knex) {}

  /**
   * Claims `key` for `target`: undefined when this call won it, else what
   * the key is held for (by an earlier or a concurrent launch).
   */
  async claim(
    key: LaunchKey,
    target: Required<LaunchTarget>,
  ): Promise<LaunchTarget | undefined> {
    for (let attempt = 1; ; attempt++) {
      const inserted = await this.db(TABLE)
        .insert({
          ...where(key),
          run_namespace: target.namespace,
          run_name: target.name,
          workflow_kind: target.workflow.kind,
          workflow_name: target.workflow.name,
          created_at: new Date().toISOString(),
        })
        .onConflict(['cluster', 'user_ref', 'idempotency_key'])
        .ignore()
        .returning('idempotency_key');
      if (inserted.length > 0) return undefined;
      const held = await this.find(key);
      if (held) return held;
      // Released between the insert and the read: try again, a few times.
      if (attempt >= CLAIM_ATTEMPTS) {
        throw new ConflictError(
          'idempotencyKey: other launches with this key keep failing; retry',
        );
      }
    }
  }

  /** What `key` is held for, if anything. */
  async find(key: LaunchKey): Promise<LaunchTarget | undefined> {
    const row = await this.db(TABLE).where(where(key)).first();
    return row ? toTarget(row) : undefined;
  }

  /** Gives up a claim this launch holds (never one made for another target). */
  async release(key: LaunchKey, target: Required<LaunchTarget>) {
    await this.db(TABLE)
      .where({
        ...where(key),
        run_namespace: target.namespace,
        run_name: target.name,
        workflow_kind: target.workflow.kind,
        workflow_name: target.workflow.name,
      })
      .delete();
  }
}
