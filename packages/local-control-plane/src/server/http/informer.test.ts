import { makeInformer } from '@kubernetes/client-node';
import {
  OC,
  startTestPlane,
  TestPlane,
  waitFor,
} from '../../__testUtils__/plane';

describe('client-node informers against the local control plane', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane({ stepSeconds: 0.05, bookmarkIntervalMs: 100 });
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  it('lists, then watches adds, updates and deletes of cluster workflows', async () => {
    const seen: string[] = [];
    const informer = makeInformer<any>(
      t.kc,
      '/apis/openchoreo.dev/v1alpha1/clusterworkflows',
      () =>
        t.custom.listClusterCustomObject({
          ...OC,
          plural: 'clusterworkflows',
        }) as any,
    );
    informer.on('add', o => seen.push(`add:${o.metadata.name}`));
    informer.on('update', o =>
      seen.push(`update:${o.metadata.name}:${o.metadata.labels?.v ?? ''}`),
    );
    informer.on('delete', o => seen.push(`delete:${o.metadata.name}`));
    const body = {
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'ClusterWorkflow',
      metadata: { name: 'informed' },
      spec: {
        runTemplate: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { name: 'x', namespace: '${metadata.namespace}' },
        },
      },
    };
    await t.custom.createClusterCustomObject({
      ...OC,
      plural: 'clusterworkflows',
      body: { ...body, metadata: { name: 'before-start' } },
    });
    await informer.start();
    await waitFor(
      () => seen.includes('add:before-start'),
      5000,
      'initial list',
    );
    await t.custom.createClusterCustomObject({
      ...OC,
      plural: 'clusterworkflows',
      body,
    });
    await t.custom.patchClusterCustomObject({
      ...OC,
      plural: 'clusterworkflows',
      name: 'informed',
      body: [{ op: 'add', path: '/metadata/labels', value: { v: '2' } }],
    });
    await t.custom.deleteClusterCustomObject({
      ...OC,
      plural: 'clusterworkflows',
      name: 'informed',
    });
    await waitFor(() => seen.includes('delete:informed'), 5000, 'delete event');
    await informer.stop();
    expect(seen).toEqual([
      'add:before-start',
      'add:informed',
      'update:informed:2',
      'delete:informed',
    ]);
  });
});
