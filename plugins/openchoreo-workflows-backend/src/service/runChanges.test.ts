import { mockServices } from '@backstage/backend-test-utils';
import { KubeConfig } from '@kubernetes/client-node';
import { WatchCache } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ChangeFeed, runChanges, withDeadline } from './runChanges';

type Obj = {
  metadata: { namespace: string; name: string; resourceVersion: string };
};

/*
 * The change feed is a real WatchCache, never started: what upsertLocal puts
 * in it is what its listeners hear, as from the watch. Fake timers show that
 * a wake comes from the change, not from the fallback, and that no timer is
 * left behind.
 */
describe('runChanges', () => {
  let cache: WatchCache<Obj>;
  let listening: number;
  let feed: ChangeFeed;
  let rv: number;
  const change = (name: string) =>
    cache.upsertLocal({
      metadata: {
        namespace: 'default',
        name,
        resourceVersion: String(++rv),
      },
    });
  /** Whether `p` has settled once pending callbacks ran (no time passes). */
  const settled = async (p: Promise<void>) => {
    let done = false;
    p.then(() => (done = true));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    return done;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    rv = 0;
    cache = new WatchCache<Obj>({
      kubeConfig: new KubeConfig(),
      logger: mockServices.logger.mock(),
      group: 'openchoreo.dev',
      version: 'v1alpha1',
      plural: 'workflowruns',
    });
    listening = 0;
    feed = {
      onChange(listener) {
        listening++;
        const off = cache.onChange(listener);
        return () => {
          listening--;
          off();
        };
      },
    };
  });
  afterEach(() => jest.useRealTimers());

  it("wakes a waiter at the run's change, clearing its fallback timer", async () => {
    const changes = runChanges(feed, { namespace: 'default', name: 'r' });
    const next = changes.next(60_000);
    expect(await settled(next)).toBe(false);
    change('other');
    expect(await settled(next)).toBe(false);
    change('r');
    expect(await settled(next)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    changes.close();
  });

  it('misses no change made between two waits', async () => {
    const changes = runChanges(feed, { namespace: 'default', name: 'r' });
    change('r');
    expect(await settled(changes.next(60_000))).toBe(true);
    // That change was consumed: the next wait waits.
    const next = changes.next(60_000);
    expect(await settled(next)).toBe(false);
    changes.close();
    expect(await settled(next)).toBe(true);
  });

  it('wakes after the fallback when the run does not change', async () => {
    const changes = runChanges(feed, { namespace: 'default', name: 'r' });
    const next = changes.next(5000);
    jest.advanceTimersByTime(4999);
    expect(await settled(next)).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await settled(next)).toBe(true);
    changes.close();
  });

  it('leaves no listener and no timer behind once closed', async () => {
    const changes = runChanges(feed, { namespace: 'default', name: 'r' });
    expect(listening).toBe(1);
    const next = changes.next(60_000);
    expect(jest.getTimerCount()).toBe(1);
    changes.close();
    expect(await settled(next)).toBe(true);
    expect(listening).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    // A closed follower's wait does not wait.
    expect(await settled(changes.next(60_000))).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('withDeadline clears its timer when the work ends first', async () => {
    let finish = () => {};
    const work = new Promise<void>(r => (finish = r));
    const done = withDeadline(work, 5000);
    expect(jest.getTimerCount()).toBe(1);
    finish();
    expect(await settled(done)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});
