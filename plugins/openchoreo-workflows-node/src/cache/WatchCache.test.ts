import { mockServices } from '@backstage/backend-test-utils';
import {
  LocalControlPlane,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import { TestApiServer } from '@openchoreo-workflows/test-apiserver';
import {
  OPENCHOREO_GROUP as GROUP,
  OPENCHOREO_VERSION as VERSION,
} from '../cluster/discovery';
import {
  eventually,
  kubeConfigOf,
  run,
  sleep,
  startOpenChoreoApiServer,
  TestKube,
} from '../testUtils';
import {
  CacheEventType,
  CachedObject,
  WatchCache,
  WatchCacheOptions,
} from './WatchCache';

// The first start may build the Go binary; later starts take about a second.
const START_TIMEOUT_MS = 20 * 60_000;
jest.setTimeout(60_000);

type Run = CachedObject & {
  metadata: { labels?: Record<string, string>; managedFields?: unknown };
};

function newCache(
  kubeConfigYaml: string,
  opts: Partial<WatchCacheOptions<Run>> = {},
) {
  const events: Array<[CacheEventType, string]> = [];
  const cache = new WatchCache<Run>({
    kubeConfig: kubeConfigOf(kubeConfigYaml),
    logger: mockServices.logger.mock(),
    group: GROUP,
    version: VERSION,
    plural: 'workflowruns',
    initialBackoffMs: 100,
    maxBackoffMs: 400,
    indexers: {
      team: r => (r.metadata.labels?.team ? [r.metadata.labels.team] : []),
    },
    ...opts,
  });
  cache.onChange((type, obj) =>
    events.push([type, `${obj.metadata.namespace}/${obj.metadata.name}`]),
  );
  return { cache, events };
}

const names = (objs: Run[]) =>
  objs.map(o => `${o.metadata.namespace}/${o.metadata.name}`).sort();

describe('WatchCache against the real Kubernetes apiserver', () => {
  let server: TestApiServer;
  let kube: TestKube;
  const caches: WatchCache<Run>[] = [];
  const track = (c: {
    cache: WatchCache<Run>;
    events: Array<[CacheEventType, string]>;
  }) => {
    caches.push(c.cache);
    return c;
  };

  beforeAll(async () => {
    server = await startOpenChoreoApiServer();
    kube = new TestKube(kubeConfigOf(server.kubeconfig));
  }, START_TIMEOUT_MS);

  afterEach(() => caches.splice(0).forEach(c => c.stop()));
  afterAll(() => server?.stop());

  it('lists first, then applies ADDED, MODIFIED and DELETED to objects, indexes and listeners', async () => {
    await kube.create(
      'workflowruns',
      run('wc-events', 'a', { labels: { team: 'red' } }),
    );
    await kube.create(
      'workflowruns',
      run('wc-events', 'b', { labels: { team: 'blue' } }),
    );
    const { cache, events } = track(
      newCache(server.kubeconfig, { namespaces: ['wc-events'] }),
    );
    expect(cache.isReady()).toBe(false);
    await cache.start();
    expect(cache.isReady()).toBe(true);
    expect(names(cache.list())).toEqual(['wc-events/a', 'wc-events/b']);
    expect(events).toEqual([
      ['ADDED', 'wc-events/a'],
      ['ADDED', 'wc-events/b'],
    ]);
    expect(names(cache.byIndex('team', 'red'))).toEqual(['wc-events/a']);
    // The real apiserver records managedFields on every write; the cache keeps none.
    const raw = await kube.get('workflowruns', 'wc-events', 'a');
    expect(raw.metadata.managedFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ operation: 'Update' }),
      ]),
    );
    expect(cache.get('wc-events', 'a')!.metadata).not.toHaveProperty(
      'managedFields',
    );

    events.length = 0;
    await kube.create(
      'workflowruns',
      run('wc-events', 'c', { labels: { team: 'red' } }),
    );
    await kube.update('workflowruns', 'wc-events', 'a', o => {
      o.metadata.labels.team = 'blue';
    });
    await kube.delete('workflowruns', 'wc-events', 'b');
    await eventually(() => events.length >= 3, 10_000, 'three watch events');
    expect(events).toEqual([
      ['ADDED', 'wc-events/c'],
      ['MODIFIED', 'wc-events/a'],
      ['DELETED', 'wc-events/b'],
    ]);
    expect(names(cache.list())).toEqual(['wc-events/a', 'wc-events/c']);
    expect(names(cache.byIndex('team', 'red'))).toEqual(['wc-events/c']);
    expect(names(cache.byIndex('team', 'blue'))).toEqual(['wc-events/a']);
    expect(cache.get('wc-events', 'a')!.metadata).not.toHaveProperty(
      'managedFields',
    );
    expect(cache.get('wc-events', 'c')!.metadata).not.toHaveProperty(
      'managedFields',
    );
    expect(cache.stats).toMatchObject({
      lists: 1,
      relistsOnGone: 0,
      errors: 0,
    });
  });

  it('does not let a write of ours bring back a run the watch saw deleted (upsertLocal after DELETED)', async () => {
    const { cache, events } = track(
      newCache(server.kubeconfig, { namespaces: ['wc-deleted'] }),
    );
    await cache.start();
    // A launch's create answers with the object; the run is deleted before
    // the launch puts that answer into the cache.
    const created = await kube.create('workflowruns', run('wc-deleted', 'r'));
    await kube.delete('workflowruns', 'wc-deleted', 'r');
    await eventually(
      () => events.some(([type]) => type === 'DELETED'),
      10_000,
      'the watch reports the deletion',
    );
    cache.upsertLocal(created);
    expect(cache.get('wc-deleted', 'r')).toBeUndefined();
    expect(events).toEqual([
      ['ADDED', 'wc-deleted/r'],
      ['DELETED', 'wc-deleted/r'],
    ]);
    // A new run of the same name has another uid: it is applied.
    const again = await kube.create('workflowruns', run('wc-deleted', 'r'));
    cache.upsertLocal(again);
    expect(cache.get('wc-deleted', 'r')?.metadata.uid).toBe(again.metadata.uid);
  });

  it('ignores a watch event of a version it already holds or an older one', async () => {
    const { cache, events } = track(
      newCache(server.kubeconfig, { namespaces: ['wc-stale'] }),
    );
    await cache.start();
    // A launch puts its create's answer into the cache before the watch
    // reports it: the watch's ADDED of that same version is no change.
    const created = await kube.create('workflowruns', run('wc-stale', 'r'));
    cache.upsertLocal(created);
    // A write of ours answered with a version newer than what the watch
    // brings next (it stands for a write the watch has not reported yet).
    const rv = BigInt(created.metadata.resourceVersion);
    const ahead = {
      ...created,
      metadata: { ...created.metadata, resourceVersion: String(rv + 1000n) },
    };
    cache.upsertLocal(ahead);
    await kube.update('workflowruns', 'wc-stale', 'r', o => {
      o.metadata.labels = { team: 'late' };
    });
    // Watch events come in order: once this one is here, the others were.
    await kube.create('workflowruns', run('wc-stale', 'marker'));
    await eventually(
      () => cache.get('wc-stale', 'marker'),
      10_000,
      'the marker run',
    );
    expect(cache.get('wc-stale', 'r')?.metadata.resourceVersion).toBe(
      String(rv + 1000n),
    );
    expect(events).toEqual([
      ['ADDED', 'wc-stale/r'],
      ['MODIFIED', 'wc-stale/r'],
      ['ADDED', 'wc-stale/marker'],
    ]);
    // A deletion always applies.
    await kube.delete('workflowruns', 'wc-stale', 'r');
    await eventually(() => !cache.get('wc-stale', 'r'), 10_000, 'the deletion');
  });

  it('watches only the configured namespaces, and all of them when none are given', async () => {
    await kube.create('workflowruns', run('wc-ns-1', 'one'));
    await kube.create('workflowruns', run('wc-ns-2', 'two'));
    await kube.create('workflowruns', run('wc-ns-3', 'three'));
    const scoped = track(
      newCache(server.kubeconfig, { namespaces: ['wc-ns-1', 'wc-ns-3'] }),
    );
    const all = track(newCache(server.kubeconfig));
    await Promise.all([scoped.cache.start(), all.cache.start()]);
    expect(names(scoped.cache.list())).toEqual([
      'wc-ns-1/one',
      'wc-ns-3/three',
    ]);
    expect(names(all.cache.list())).toEqual(
      expect.arrayContaining(['wc-ns-1/one', 'wc-ns-2/two', 'wc-ns-3/three']),
    );

    await kube.create('workflowruns', run('wc-ns-2', 'two-b'));
    await kube.create('workflowruns', run('wc-ns-3', 'three-b'));
    await eventually(
      () => scoped.cache.get('wc-ns-3', 'three-b'),
      10_000,
      'three-b',
    );
    await eventually(
      () => all.cache.get('wc-ns-2', 'two-b'),
      10_000,
      'two-b in the all-namespaces cache',
    );
    expect(scoped.cache.get('wc-ns-2', 'two-b')).toBeUndefined();
    expect(scoped.events.map(e => e[1])).not.toContain('wc-ns-2/two-b');
  });

  it('serves cluster-scoped resources (ClusterWorkflows)', async () => {
    await kube.create('clusterworkflows', {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'ClusterWorkflow',
      metadata: { name: 'wc-cluster' },
      spec: {
        runTemplate: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow' },
      },
    });
    const { cache } = track(
      newCache(server.kubeconfig, { plural: 'clusterworkflows' }),
    );
    await cache.start();
    expect(cache.get(undefined, 'wc-cluster')).toMatchObject({
      kind: 'ClusterWorkflow',
    });
  });

  it('resumes from the last resourceVersion after a watch timeout, without listing again', async () => {
    const { cache, events } = track(
      newCache(server.kubeconfig, {
        namespaces: ['wc-timeout'],
        watchTimeoutSeconds: 1,
      }),
    );
    await cache.start();
    await eventually(
      () => cache.stats.watches >= 3,
      15_000,
      'two watch timeouts',
    );
    await kube.create('workflowruns', run('wc-timeout', 'after-timeouts'));
    await eventually(
      () => cache.get('wc-timeout', 'after-timeouts'),
      10_000,
      'the object created after the timeouts',
    );
    expect(events).toEqual([['ADDED', 'wc-timeout/after-timeouts']]);
    expect(cache.stats).toMatchObject({
      lists: 1,
      relistsOnGone: 0,
      errors: 0,
    });
  });
});

describe('WatchCache against the real apiserver with etcd compaction', () => {
  it(
    'relists after 410 Expired and then keeps watching',
    async () => {
      // Without the watch cache, watches go to etcd: no bookmarks move the
      // cache's resourceVersion, and the compactor makes it expire.
      const server = await startOpenChoreoApiServer({
        extraArgs: ['--etcd-compaction-interval=1s', '--watch-cache=false'],
      });
      const { cache, events } = newCache(server.kubeconfig, {
        namespaces: ['wc-410'],
        watchTimeoutSeconds: 4,
      });
      try {
        const kube = new TestKube(kubeConfigOf(server.kubeconfig));
        await kube.create('workflowruns', run('wc-410', 'before'));
        await cache.start();
        // Writes elsewhere move etcd's revision past the cache's, and the compactor follows.
        for (let i = 0; cache.stats.relistsOnGone === 0; i++) {
          if (i > 60) throw new Error('no 410 after 30 s of writes');
          await kube.create('workflowruns', run('wc-410-elsewhere', `x-${i}`));
          await sleep(500);
        }
        await kube.create('workflowruns', run('wc-410', 'after'));
        await eventually(
          () => cache.get('wc-410', 'after'),
          10_000,
          'the object created after the relist',
        );
        expect(names(cache.list())).toEqual(['wc-410/after', 'wc-410/before']);
        expect(cache.stats.lists).toBeGreaterThanOrEqual(2);
        // The relist found nothing new for 'before', so listeners heard of it once.
        expect(events).toEqual([
          ['ADDED', 'wc-410/before'],
          ['ADDED', 'wc-410/after'],
        ]);
      } finally {
        cache.stop();
        await server.stop();
      }
    },
    START_TIMEOUT_MS,
  );
});

describe('WatchCache against the local control plane', () => {
  const lcps: LocalControlPlane[] = [];
  const start = async (port = 0) => {
    const lcp = await startLocalControlPlane({
      port,
      retrySeconds: 3600,
      bookmarkIntervalMs: 600_000,
    });
    lcps.push(lcp);
    return lcp;
  };
  afterEach(async () => {
    await Promise.all(lcps.splice(0).map(l => l.stop().catch(() => undefined)));
  });

  it('relists after 410 Gone when the watch history is compacted', async () => {
    const lcp = await start();
    const kube = new TestKube(kubeConfigOf(lcp.kubeconfig));
    for (const ns of ['hist', 'elsewhere']) await kube.createNamespace(ns);
    await kube.create('workflowruns', run('hist', 'before'));
    const { cache } = newCache(lcp.kubeconfig, {
      namespaces: ['hist'],
      watchTimeoutSeconds: 1,
    });
    try {
      await cache.start();
      // The controller fails 'before' (its workflow does not exist): its last
      // write. Later ones would move the watch on and hide the 410.
      const completed = await eventually(
        () => {
          const r: any = cache.get('hist', 'before');
          return r?.status?.conditions?.some(
            (c: any) => c.type === 'WorkflowCompleted' && c.status === 'True',
          )
            ? r
            : undefined;
        },
        10_000,
        "the controller's last write of 'before' (completed) in the cache",
      );
      const before = completed.metadata.resourceVersion;
      lcp.store.setWatchHistorySize(1);
      for (let i = 0; i < 3; i++)
        await kube.create('workflowruns', run('elsewhere', `e-${i}`));
      await eventually(
        () => cache.stats.relistsOnGone > 0,
        10_000,
        'a relist on 410',
      );
      await kube.create('workflowruns', run('hist', 'after'));
      await eventually(
        () => cache.get('hist', 'after'),
        10_000,
        'the object created after the relist',
      );
      expect(
        Number(cache.get('hist', 'before')!.metadata.resourceVersion),
      ).toBeGreaterThanOrEqual(Number(before));
      expect(cache.stats.lists).toBeGreaterThanOrEqual(2);
    } finally {
      cache.stop();
    }
  });

  it('backs off while the server is away and converges when it is back', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    const kube1 = new TestKube(kubeConfigOf(first.kubeconfig));
    await kube1.createNamespace('away');
    await kube1.create('workflowruns', run('away', 'old-1'));
    await kube1.create('workflowruns', run('away', 'old-2'));
    const { cache, events } = newCache(first.kubeconfig, {
      namespaces: ['away'],
    });
    try {
      await cache.start();
      expect(names(cache.list())).toEqual(['away/old-1', 'away/old-2']);

      await first.stop();
      // How long it waits between attempts: WatchCache.backoff.test.ts.
      await eventually(
        () => cache.stats.errors >= 2,
        10_000,
        'failed reconnects',
      );
      expect(names(cache.list())).toEqual(['away/old-1', 'away/old-2']); // still served while away

      // A new server on the same address, with other content (and its own resourceVersions).
      const second = await start(port);
      const kube2 = new TestKube(kubeConfigOf(second.kubeconfig));
      await kube2.createNamespace('away');
      await kube2.create('workflowruns', run('away', 'new-1'));
      await eventually(
        () => names(cache.list()).join() === 'away/new-1',
        15_000,
        'the cache to hold what the new server holds',
      );
      expect(events).toEqual(
        expect.arrayContaining([
          ['DELETED', 'away/old-1'],
          ['DELETED', 'away/old-2'],
          ['ADDED', 'away/new-1'],
        ]),
      );
      await kube2.create('workflowruns', run('away', 'new-2'));
      await eventually(
        () => cache.get('away', 'new-2'),
        10_000,
        'a watch event from the new server',
      );
    } finally {
      cache.stop();
    }
  });

  it('says when the API server is unreachable and since when, and recovers with nothing lost', async () => {
    const lcp = await start();
    const { port } = new URL(lcp.url);
    const kube = new TestKube(kubeConfigOf(lcp.kubeconfig));
    await kube.createNamespace('outage');
    for (let i = 0; i < 3; i++)
      await kube.create('workflowruns', run('outage', `r-${i}`));
    const { cache } = newCache(lcp.kubeconfig, { namespaces: ['outage'] });
    const runs = lcp.store.registry.get(GROUP, 'workflowruns')!;
    /** `ns/name@resourceVersion` of what the server holds, and of what the cache holds. */
    const versions = (objs: CachedObject[]) =>
      objs
        .map(
          o =>
            `${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`,
        )
        .sort();
    try {
      expect(cache.connection().reachable).toBe(false); // not connected yet
      await cache.start();
      const up = cache.connection();
      expect(up).toEqual({ reachable: true, since: expect.any(String) });

      await lcp.faults.suspend();
      const down = await eventually(() => {
        const c = cache.connection();
        // First the dropped watch, then the refused reconnection.
        return c.lastError?.includes('ECONNREFUSED') ? c : undefined;
      });
      expect(Date.parse(down.since)).toBeGreaterThanOrEqual(
        Date.parse(up.since),
      );
      expect(down.lastError).toContain('ECONNREFUSED');
      expect(down.lastError).not.toContain(port);
      expect(down.lastError).not.toContain('127.0.0.1');

      // Changes the cache cannot see while the server is away.
      lcp.store.create(runs, run('outage', 'while-away') as any);
      lcp.store.delete(runs, 'outage', 'r-0');
      lcp.store.patch(runs, 'outage', 'r-1', 'merge', {
        metadata: { labels: { team: 'changed' } },
      });
      const errors = cache.stats.errors;
      await eventually(() => cache.stats.errors > errors || undefined);
      expect(cache.connection()).toEqual(
        expect.objectContaining({ reachable: false, since: down.since }),
      );
      expect(names(cache.list())).toEqual([
        'outage/r-0',
        'outage/r-1',
        'outage/r-2',
      ]);

      await lcp.faults.resume();
      const back = await eventually(() => {
        const c = cache.connection();
        return c.reachable ? c : undefined;
      }, 15_000);
      expect(back.lastError).toBeUndefined();
      expect(Date.parse(back.since)).toBeGreaterThanOrEqual(
        Date.parse(down.since),
      );
      await eventually(
        () =>
          versions(cache.list()).join() ===
            versions(lcp.store.all(runs, 'outage')).join() || undefined,
        15_000,
        'the cache to equal the server',
      );
      expect(cache.get('outage', 'r-1')!.metadata.labels).toEqual({
        team: 'changed',
      });
      expect(cache.get('outage', 'r-0')).toBeUndefined();
    } finally {
      cache.stop();
    }
  });
});
