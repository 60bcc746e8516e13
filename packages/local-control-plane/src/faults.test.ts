import { startTestPlane, TestPlane } from './__testUtils__/plane';

describe('local control plane fault hooks (tests only)', () => {
  let t: TestPlane;
  beforeAll(async () => {
    t = await startTestPlane();
  });
  afterAll(() => t.plane.stop());

  const namespace = (name: string) =>
    t.http('/api/v1/namespaces', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      }),
    });

  it('suspends (connection refused) and resumes on the same port with the objects kept', async () => {
    expect((await namespace('kept')).status).toBe(201);
    await t.plane.faults.suspend();
    await expect(t.http('/api/v1/namespaces/kept')).rejects.toThrow();
    await t.plane.faults.resume();
    expect((await t.http('/api/v1/namespaces/kept')).status).toBe(200);
  });

  it('expires resourceVersions: a watch from an older one gets 410 Gone', async () => {
    const before = (await (await t.http('/api/v1/namespaces')).json()).metadata
      .resourceVersion;
    expect((await namespace('after-expiry')).status).toBe(201);
    t.plane.faults.expireResourceVersions();
    const res = await t.http(
      `/api/v1/namespaces?watch=true&resourceVersion=${before}&timeoutSeconds=1`,
    );
    const event = JSON.parse((await res.text()).split('\n')[0]);
    expect(event).toEqual(
      expect.objectContaining({
        type: 'ERROR',
        object: expect.objectContaining({ code: 410 }),
      }),
    );
  });

  it('drops open watch connections', async () => {
    const res = await t.http('/api/v1/namespaces?watch=true&timeoutSeconds=30');
    const reader = res.body!.getReader();
    t.plane.faults.dropConnections();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toThrow();
  });

  it('ends open watches cleanly, as their timeout does', async () => {
    const res = await t.http('/api/v1/namespaces?watch=true&timeoutSeconds=30');
    const body = res.text();
    t.plane.faults.endWatches();
    await expect(body).resolves.toEqual(expect.any(String));
  });
});
