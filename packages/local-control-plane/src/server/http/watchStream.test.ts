import { Watch } from '@kubernetes/client-node';
import { startTestPlane, TestPlane, waitFor } from '../../__testUtils__/plane';
import { WT, wfTemplate } from '../../__testUtils__/objects';

describe('local control plane watches', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane({ bookmarkIntervalMs: 100, stepSeconds: 0.05 });
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  it('watches from a resourceVersion with bookmarks, selectors and timeoutSeconds', async () => {
    const start: any = await t.custom.listNamespacedCustomObject({
      ...WT,
      namespace: 'default',
    });
    const rv = start.metadata.resourceVersion;
    const events: Array<{ type: string; name?: string; rv: string }> = [];
    const watch = new Watch(t.kc);
    const controller = await watch.watch(
      '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates',
      {
        resourceVersion: rv,
        allowWatchBookmarks: true,
        labelSelector: 'suite=watch',
      },
      (type, obj) =>
        events.push({
          type,
          name: obj.metadata?.name,
          rv: obj.metadata?.resourceVersion,
        }),
      () => undefined,
    );
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('w-1', { suite: 'watch' }),
    });
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('w-other', { suite: 'other' }),
    });
    await t.custom.patchNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'w-1',
      body: [{ op: 'add', path: '/metadata/labels/x', value: 'y' }],
    });
    // Leaving the selector is a DELETED event for this watch.
    await t.custom.patchNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'w-1',
      body: [{ op: 'replace', path: '/metadata/labels/suite', value: 'gone' }],
    });
    await waitFor(
      () => events.some(e => e.type === 'DELETED'),
      5000,
      'the DELETED event',
    );
    const afterDelete = events.length;
    await waitFor(
      () => events.slice(afterDelete).some(e => e.type === 'BOOKMARK'),
      5000,
      'a bookmark',
    );
    controller.abort();
    const changes = events.filter(e => e.type !== 'BOOKMARK');
    expect(changes.map(e => `${e.type}:${e.name}`)).toEqual([
      'ADDED:w-1',
      'MODIFIED:w-1',
      'DELETED:w-1',
    ]);
    const bookmark = events
      .slice(afterDelete)
      .find(e => e.type === 'BOOKMARK')!;
    expect(Number(bookmark.rv)).toBeGreaterThanOrEqual(Number(changes[2].rv));

    // Resuming from the first event's version replays what came after it.
    const replay = await (
      await t.http(
        `/apis/argoproj.io/v1alpha1/watch/namespaces/default/workflowtemplates?resourceVersion=${changes[0].rv}&fieldSelector=metadata.name%3Dw-1&timeoutSeconds=1`,
      )
    ).text();
    const replayed = replay
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(replayed.map(e => e.type)).toEqual(['MODIFIED', 'MODIFIED']);
  });

  it('starts a watch without resourceVersion with the current objects', async () => {
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('initial-1', { suite: 'initial' }),
    });
    const res = await t.http(
      '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates?watch=true&labelSelector=suite%3Dinitial&timeoutSeconds=1',
    );
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        type: 'ADDED',
        object: expect.objectContaining({
          metadata: expect.objectContaining({ name: 'initial-1' }),
        }),
      }),
    ]);
  });

  it('answers 410 Gone as an ERROR event for versions older than the history window', async () => {
    const first: any = await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('old-1'),
    });
    t.plane.store.setWatchHistorySize(3);
    for (let i = 0; i < 5; i++) {
      await t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        body: wfTemplate(`old-fill-${i}`),
      });
    }
    const events: Array<{ type: string; obj: any }> = [];
    const watch = new Watch(t.kc);
    const ended = new Promise<unknown>(resolve => {
      watch.watch(
        '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates',
        { resourceVersion: first.metadata.resourceVersion },
        (type, obj) => events.push({ type, obj }),
        err => resolve(err),
      );
    });
    await ended;
    t.plane.store.setWatchHistorySize(1000);
    expect(events).toEqual([
      {
        type: 'ERROR',
        obj: expect.objectContaining({
          kind: 'Status',
          code: 410,
          reason: 'Expired',
          message: expect.stringContaining('too old resource version'),
        }),
      },
    ]);
  });

  it('sends one-row Tables when asked for them, the column definitions in the first only', async () => {
    for (const name of ['table-1', 'table-2']) {
      await t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        body: wfTemplate(name, { suite: 'table' }),
      });
    }
    const res = await t.http(
      '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates?watch=true&labelSelector=suite%3Dtable&timeoutSeconds=1',
      {
        headers: {
          Accept:
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        },
      },
    );
    const events = (await res.text())
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(events.map(e => [e.type, e.object.kind])).toEqual([
      ['ADDED', 'Table'],
      ['ADDED', 'Table'],
    ]);
    expect(events[0].object.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Age',
    ]);
    expect(events[1].object.columnDefinitions).toBeNull();
    expect(events.map(e => e.object.rows[0].cells[0])).toEqual([
      'table-1',
      'table-2',
    ]);
    expect(events[1].object.rows[0].object.metadata.name).toBe('table-2');
  });
});
