import { startTestPlane, TestPlane } from '../../__testUtils__/plane';
import { WT, wfTemplate } from '../../__testUtils__/objects';

describe('local control plane object routes', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane({ bookmarkIntervalMs: 100, stepSeconds: 0.05 });
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  it('patches with JSON patch, merge patch and strategic merge (as merge)', async () => {
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('patch-me', { a: '1' }),
    });
    const jsonPatched: any = await t.custom.patchNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'patch-me',
      body: [{ op: 'add', path: '/metadata/labels/b', value: '2' }],
    });
    expect(jsonPatched.metadata.labels).toEqual({ a: '1', b: '2' });
    for (const ct of [
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]) {
      const res = await t.http(
        '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates/patch-me',
        {
          method: 'PATCH',
          headers: { 'Content-Type': ct },
          body: JSON.stringify({
            metadata: {
              labels: { a: null, c: ct.includes('strategic') ? 's' : 'm' },
            },
          }),
        },
      );
      expect(res.status).toBe(200);
    }
    const after: any = await t.custom.getNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'patch-me',
    });
    expect(after.metadata.labels).toEqual({ b: '2', c: 's' });
    const stale = await t.http(
      '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates/patch-me',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify({
          metadata: { resourceVersion: '1', labels: { d: '1' } },
        }),
      },
    );
    expect(stale.status).toBe(409);
  });
});
