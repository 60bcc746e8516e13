import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const directory = resolvePackagePath(
  '@openchoreo-workflows/plugin-openchoreo-workflows-backend',
  'migrations',
);

/** The PostgreSQL advisory lock our migrations run under (any constant of our own). */
const MIGRATION_LOCK = 'openchoreo-workflows-backend:migrations';

/** Migrations in flight in this process, per database client. */
const running = new WeakMap<Knex, Promise<unknown>>();

/**
 * Brings the plugin's schema up to date, one start at a time: knex's own
 * migration lock lives in a table that the first start creates, and two
 * starts on an empty database both try to create it (one fails). Starts in
 * this process queue up; on PostgreSQL, starts of other replicas wait on a
 * session advisory lock held on a connection of its own while the migrations
 * run on others (so the pool needs two connections, as Backstage's has).
 */
export function migrateLatest(db: Knex): Promise<void> {
  const previous = running.get(db) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => underLock(db));
  running.set(db, next);
  return next;
}

async function underLock(db: Knex): Promise<void> {
  if (db.client.dialect !== 'postgresql') {
    await db.migrate.latest({ directory });
    return;
  }
  const connection = await db.client.acquireConnection();
  try {
    await db
      .raw('SELECT pg_advisory_lock(hashtext(?))', [MIGRATION_LOCK])
      .connection(connection);
    try {
      await db.migrate.latest({ directory });
    } finally {
      await db
        .raw('SELECT pg_advisory_unlock(hashtext(?))', [MIGRATION_LOCK])
        .connection(connection);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}
