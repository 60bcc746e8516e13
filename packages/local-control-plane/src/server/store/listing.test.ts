import { startTestPlane, TestPlane } from '../../__testUtils__/plane';
import { WT, wfTemplate } from '../../__testUtils__/objects';

describe('local control plane lists', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane({ bookmarkIntervalMs: 100, stepSeconds: 0.05 });
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  it('filters with label and field selectors', async () => {
    const mk = (name: string, labels: Record<string, string>) =>
      t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        body: wfTemplate(name, { suite: 'sel', ...labels }),
      });
    await mk('sel-a', { tier: 'web', env: 'prod' });
    await mk('sel-b', { tier: 'db', env: 'dev' });
    await mk('sel-c', { tier: 'web' });
    const names = async (labelSelector: string, fieldSelector?: string) =>
      (
        (await t.custom.listNamespacedCustomObject({
          ...WT,
          namespace: 'default',
          labelSelector: `suite=sel,${labelSelector}`,
          fieldSelector,
        })) as any
      ).items
        .map((i: any) => i.metadata.name)
        .sort();
    expect(await names('tier=web')).toEqual(['sel-a', 'sel-c']);
    expect(await names('tier==db')).toEqual(['sel-b']);
    expect(await names('tier!=web')).toEqual(['sel-b']);
    expect(await names('env in (prod,dev)')).toEqual(['sel-a', 'sel-b']);
    expect(await names('env notin (prod)')).toEqual(['sel-b', 'sel-c']);
    expect(await names('env')).toEqual(['sel-a', 'sel-b']);
    expect(await names('!env')).toEqual(['sel-c']);
    expect(await names('tier', 'metadata.name=sel-b')).toEqual(['sel-b']);
    expect(
      await names('tier', 'metadata.name!=sel-b,metadata.namespace=default'),
    ).toEqual(['sel-a', 'sel-c']);
    const bad = await t.http(
      '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates?labelSelector=a%20in%20b',
    );
    expect(bad.status).toBe(400);
  });

  it('pages lists with limit and continue', async () => {
    for (let i = 0; i < 5; i++) {
      await t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        body: wfTemplate(`page-${i}`, { suite: 'page' }),
      });
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    const remaining: number[] = [];
    do {
      const page: any = await t.custom.listNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        labelSelector: 'suite=page',
        limit: 2,
        _continue: token,
      });
      seen.push(...page.items.map((i: any) => i.metadata.name));
      token = page.metadata.continue || undefined;
      if (token) remaining.push(page.metadata.remainingItemCount);
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(remaining).toEqual([3, 1]);
    expect(seen).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  });
});
