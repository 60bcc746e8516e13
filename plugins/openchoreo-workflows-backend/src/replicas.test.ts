import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runReplicaScenario } from './__testUtils__/replicas/scenario';

// Starting the apiserver may build its Go binary once; each replica is a process of its own.
jest.setTimeout(20 * 60_000);

/** The PostgreSQL the database tests use (CI sets it), else scripts/start-postgres.sh's. */
function postgresUrl(): string {
  const fromEnv = Object.entries(process.env).find(
    ([k, v]) =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k) && v,
  );
  if (fromEnv) return fromEnv[1]!;
  for (
    let dir = __dirname;
    path.dirname(dir) !== dir;
    dir = path.dirname(dir)
  ) {
    const script = path.join(dir, 'scripts', 'start-postgres.sh');
    if (fs.existsSync(script))
      return execFileSync('bash', [script], { encoding: 'utf8' }).trim();
  }
  throw new Error(
    'no PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING',
  );
}

describe('replicas on one PostgreSQL act as one', () => {
  it('two backends behind a round-robin proxy, one killed and restarted mid-run: nothing lost, nothing twice, the same history', async () => {
    const result = await runReplicaScenario({
      replicas: 2,
      runs: 6,
      postgresUrl: postgresUrl(),
    });
    expect(result).toEqual({
      replicas: 2,
      runs: 6,
      lost: 0,
      duplicateNotifications: 0,
      duplicateRuns: 0,
      historyIdentical: true,
      streamGaps: 0,
      historySizes: [6, 6],
    });
  });
});
