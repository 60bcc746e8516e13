import { startTestPlane, TestPlane } from '../../__testUtils__/plane';

describe('local control plane discovery', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane({ bookmarkIntervalMs: 100, stepSeconds: 0.05 });
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  it('serves discovery, version and health', async () => {
    expect(await (await t.http('/healthz')).text()).toBe('ok');
    expect(await (await t.http('/readyz')).text()).toBe('ok');
    expect((await (await t.http('/version')).json()).major).toBe('1');
    expect((await (await t.http('/api')).json()).versions).toEqual(['v1']);
    const groups = await (await t.http('/apis')).json();
    expect(groups.groups.map((g: any) => g.name)).toEqual(
      expect.arrayContaining(['openchoreo.dev', 'argoproj.io']),
    );
    const oc = await (await t.http('/apis/openchoreo.dev/v1alpha1')).json();
    expect(oc.kind).toBe('APIResourceList');
    expect(oc.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'workflowruns',
          namespaced: true,
          kind: 'WorkflowRun',
        }),
        expect.objectContaining({ name: 'workflowruns/status' }),
        expect.objectContaining({
          name: 'clusterworkflows',
          namespaced: false,
          shortNames: ['cwf', 'cwfs'],
        }),
      ]),
    );
    const core = await (await t.http('/api/v1')).json();
    expect(core.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining(['namespaces', 'pods', 'pods/log', 'events']),
    );
    const missing = await t.http('/apis/nope.dev/v1');
    expect(missing.status).toBe(404);
    expect((await missing.json()).kind).toBe('Status');
  });
});
