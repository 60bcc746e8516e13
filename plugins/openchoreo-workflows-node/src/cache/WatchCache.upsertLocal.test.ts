import { mockServices } from '@backstage/backend-test-utils';
import { KubeConfig } from '@kubernetes/client-node';
import {
  OPENCHOREO_GROUP as GROUP,
  OPENCHOREO_VERSION as VERSION,
} from '../cluster/discovery';
import { CachedObject, CacheEventType, WatchCache } from './WatchCache';

const run = (resourceVersion?: string): CachedObject => ({
  metadata: { namespace: 'default', name: 'r', resourceVersion },
});

/*
 * A write's own result goes into the cache at once (a launch's run); it must
 * never replace a newer version the watch already brought, by the one rule
 * of common's compareResourceVersions.
 */
describe('WatchCache.upsertLocal', () => {
  function cache() {
    // Never started: it holds only what upsertLocal puts there.
    const c = new WatchCache<CachedObject>({
      kubeConfig: new KubeConfig(),
      logger: mockServices.logger.mock(),
      group: GROUP,
      version: VERSION,
      plural: 'workflowruns',
    });
    const events: Array<[CacheEventType, string | undefined]> = [];
    c.onChange((type, o) => events.push([type, o.metadata.resourceVersion]));
    return { c, events };
  }

  it('applies a newer version and ignores the same or an older one', () => {
    const { c, events } = cache();
    c.upsertLocal(run('10'));
    c.upsertLocal(run('10'));
    c.upsertLocal(run('9'));
    expect(c.get('default', 'r')?.metadata.resourceVersion).toBe('10');
    c.upsertLocal(run('11'));
    expect(c.get('default', 'r')?.metadata.resourceVersion).toBe('11');
    expect(events).toEqual([
      ['ADDED', '10'],
      ['MODIFIED', '11'],
    ]);
  });

  it('compares decimal versions as integers, not as text', () => {
    const { c } = cache();
    c.upsertLocal(run('9'));
    c.upsertLocal(run('10'));
    expect(c.get('default', 'r')?.metadata.resourceVersion).toBe('10');
  });

  it('lets the write win when a version is not a decimal one', () => {
    const { c } = cache();
    c.upsertLocal(run('10'));
    c.upsertLocal(run('opaque'));
    expect(c.get('default', 'r')?.metadata.resourceVersion).toBe('opaque');
    c.upsertLocal(run(undefined));
    expect(c.get('default', 'r')?.metadata.resourceVersion).toBeUndefined();
  });
});
