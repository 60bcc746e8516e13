import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases the archive's tests run on: SQLite always, PostgreSQL when
 * its connection string is set, as CI does with scripts/start-postgres.sh
 * (Debian bookworm ships PostgreSQL 15):
 *   BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=$(scripts/start-postgres.sh)
 * TestDatabases leaves out ids it cannot start: record the ids a suite ran on
 * and end it with a test that `missedDatabases` is empty.
 */
export const DATABASE_IDS: TestDatabaseId[] = [
  'SQLITE_3',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
];

/**
 * What a suite that ran on `ran` should have run on and did not: SQLite
 * always, PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES).
 */
export function missedDatabases(ran: Set<string>): string[] {
  const missed: string[] = [];
  if (!ran.has('SQLITE_3')) missed.push('SQLITE_3');
  const postgres = [...ran].some(i => i.startsWith('POSTGRES'));
  if (process.env.OCW_REQUIRE_POSTGRES && !postgres) missed.push('PostgreSQL');
  return missed;
}

/**
 * The databases of a suite: `ids` for `it.each`, `init` (which records the
 * id), and `missed`, for the suite's last test (it should be empty).
 */
export function suiteDatabases() {
  const databases = TestDatabases.create({ ids: DATABASE_IDS });
  const ran = new Set<string>();
  return {
    ids: databases.eachSupportedId(),
    init(id: TestDatabaseId) {
      ran.add(id);
      return databases.init(id);
    },
    missed: () => missedDatabases(ran),
  };
}
