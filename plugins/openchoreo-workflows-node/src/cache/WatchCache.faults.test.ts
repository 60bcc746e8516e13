import { runWatchFaults } from '../testUtils/watchFaults';

jest.setTimeout(180_000);

/**
 * 100 seeded faults (dropped connections, 410 Gone, server restarts) while runs
 * change; `node scripts/bench/run.js watch-faults --faults 1000` runs more.
 */
describe('WatchCache under injected watch faults', () => {
  it('ends equal to the server object by object, every final state delivered', async () => {
    const result = await runWatchFaults({ seed: 12, faults: 100 });
    expect(result.examples).toEqual([]);
    expect(result).toEqual(
      expect.objectContaining({
        faults: 100,
        mismatches: 0,
        finalStatesDelivered: true,
      }),
    );
    // Every kind of fault happened, and the expired versions did force relists.
    expect(Object.values(result.byKind).every(n => n > 0)).toBe(true);
    expect(result.relistsOnGone).toBeGreaterThan(0);
    expect(result.objects).toBeGreaterThan(0);
  });
});
