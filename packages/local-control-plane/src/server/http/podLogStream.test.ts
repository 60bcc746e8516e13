import { apiError, startTestPlane, TestPlane } from '../../__testUtils__/plane';

describe('local control plane pod logs', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane({ bookmarkIntervalMs: 100, stepSeconds: 0.05 });
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  it('serves pod logs with container, tailLines, timestamps, sinceTime and follow', async () => {
    const { store, logs } = t.plane;
    const pods = store.registry.get('', 'pods');
    store.create(pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'logger', namespace: 'default' },
      spec: {
        containers: [
          { name: 'main', image: 'x' },
          { name: 'side', image: 'y' },
        ],
      },
    } as any);
    const t0 = new Date(Date.now() - 60000);
    logs.append('default', 'logger', 'main', 'old line', t0);
    logs.append('default', 'logger', 'main', 'line one');
    logs.append('default', 'logger', 'main', 'line two');
    logs.append('default', 'logger', 'side', 'sidecar');

    const noContainer = await apiError(
      t.core.readNamespacedPodLog({ name: 'logger', namespace: 'default' }),
    );
    expect(noContainer.code).toBe(400);
    expect(
      await t.core.readNamespacedPodLog({
        name: 'logger',
        namespace: 'default',
        container: 'side',
      }),
    ).toBe('sidecar\n');
    expect(
      await t.core.readNamespacedPodLog({
        name: 'logger',
        namespace: 'default',
        container: 'main',
        tailLines: 1,
      }),
    ).toBe('line two\n');
    const since = new Date(t0.getTime() + 1000).toISOString();
    const recent = await (
      await t.http(
        `/api/v1/namespaces/default/pods/logger/log?container=main&sinceTime=${since}`,
      )
    ).text();
    expect(recent).toBe('line one\nline two\n');
    const stamped = await t.core.readNamespacedPodLog({
      name: 'logger',
      namespace: 'default',
      container: 'main',
      timestamps: true,
      tailLines: 1,
    });
    expect(stamped).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line two\n$/,
    );

    const res = await t.http(
      '/api/v1/namespaces/default/pods/logger/log?container=main&follow=true&tailLines=1',
    );
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await readUntil('line two');
    logs.append('default', 'logger', 'main', 'line three');
    await readUntil('line three');
    logs.close('default', 'logger', 'main');
    const end = await reader.read();
    while (!(await reader.read()).done) {
      // drain
    }
    expect(text + (end.value ? decoder.decode(end.value) : '')).toBe(
      'line two\nline three\n',
    );
  });
});
