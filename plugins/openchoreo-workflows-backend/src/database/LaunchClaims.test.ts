import { TestDatabases } from '@backstage/backend-test-utils';
import { DATABASE_IDS, missedDatabases } from '../__testUtils__/databases';
import { RunArchive } from './RunArchive';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: DATABASE_IDS });
const ran = new Set<string>();

const jane = { cluster: 'c1', userRef: 'user:default/jane' };
const target = (name: string, workflow = 'build') => ({
  namespace: 'default',
  name,
  workflow: { kind: 'Workflow', name: workflow },
});

describe('LaunchClaims', () => {
  it.each(databases.eachSupportedId())(
    'lets one of many concurrent claims of a key win, per cluster and launcher, on %p',
    async id => {
      ran.add(id);
      const { launches } = await RunArchive.forKnex(await databases.init(id));
      const key = { ...jane, idempotencyKey: 'k1' };
      expect(await launches.find(key)).toBeUndefined();

      const targets = Array.from({ length: 8 }, (_, i) => target(`run-${i}`));
      const answers = await Promise.all(
        targets.map(t => launches.claim(key, t)),
      );
      const winners = targets.filter((_, i) => answers[i] === undefined);
      expect(winners).toHaveLength(1);
      // Every loser is told what the key is held for: the winner's run.
      expect(answers.filter(Boolean)).toEqual(Array(7).fill(winners[0]));
      expect(await launches.find(key)).toEqual(winners[0]);

      // Other launchers and clusters have their own keys.
      for (const other of [
        { ...key, userRef: 'user:default/john' },
        { ...key, cluster: 'c2' },
      ]) {
        expect(
          await launches.claim(other, target('elsewhere')),
        ).toBeUndefined();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'releases only the claim made for the same run, after which the key can be claimed again, on %p',
    async id => {
      ran.add(id);
      const { launches } = await RunArchive.forKnex(await databases.init(id));
      const key = { ...jane, idempotencyKey: 'k2' };
      expect(await launches.claim(key, target('first'))).toBeUndefined();
      // A release for another run (a concurrent loser's) leaves the claim.
      await launches.release(key, target('first', 'other-workflow'));
      await launches.release(key, target('second'));
      expect(await launches.find(key)).toEqual(target('first'));

      await launches.release(key, target('first'));
      expect(await launches.find(key)).toBeUndefined();
      expect(await launches.claim(key, target('second'))).toBeUndefined();
      expect(await launches.find(key)).toEqual(target('second'));
    },
  );

  it.each(databases.eachSupportedId())(
    'reads a row of before claims (no workflow) as a claim for its run, on %p',
    async id => {
      ran.add(id);
      const knex = await databases.init(id);
      const { launches } = await RunArchive.forKnex(knex);
      await knex('ocw_launches').insert({
        cluster: 'c1',
        user_ref: jane.userRef,
        idempotency_key: 'old',
        run_namespace: 'default',
        run_name: 'old-run',
        created_at: '2026-11-27T10:00:00.000Z',
      });
      const key = { ...jane, idempotencyKey: 'old' };
      expect(await launches.claim(key, target('new-run'))).toEqual({
        namespace: 'default',
        name: 'old-run',
      });
    },
  );

  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    expect(missedDatabases(ran)).toEqual([]);
  });
});
