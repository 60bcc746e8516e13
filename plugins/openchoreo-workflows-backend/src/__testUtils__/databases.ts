import { TestDatabaseId } from '@backstage/backend-test-utils';

/**
 * The databases the archive's tests run on: SQLite always, PostgreSQL when
 * its connection string is set, as CI does with scripts/start-postgres.sh
 * (Debian bookworm ships PostgreSQL 15):
 *   BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=$(scripts/start-postgres.sh)
 * TestDatabases leaves out ids it cannot start: record the ids a suite ran on
 * and end it with `itRanOnTheRequiredDatabases`.
 */
export const DATABASE_IDS: TestDatabaseId[] = [
  'SQLITE_3',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
];

/** A test that the suite ran on SQLite, and on PostgreSQL when CI asks for it: never a silent pass. */
export function itRanOnTheRequiredDatabases(ran: Set<string>) {
  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    expect(ran.has('SQLITE_3')).toBe(true);
    const postgres = [...ran].some(i => i.startsWith('POSTGRES'));
    expect(Boolean(process.env.OCW_REQUIRE_POSTGRES) && !postgres).toBe(false);
  });
}
