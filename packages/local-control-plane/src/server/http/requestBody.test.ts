import {
  FULL_NAMESPACE,
  KUBECTL_CREATE_NAMESPACE_X,
} from '../../__testUtils__/protobufFixtures';
import { startTestPlane, TestPlane } from '../../__testUtils__/plane';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

describe('local control plane request bodies', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane();
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  const post = (path: string, body: Buffer | string, contentType: string) =>
    t.http(path, {
      method: 'POST',
      headers: {
        'Content-Type': contentType,
        Accept: `${PROTOBUF},application/json`,
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });

  it('creates a namespace from a protobuf body and answers in JSON', async () => {
    const res = await post('/api/v1/namespaces', FULL_NAMESPACE, PROTOBUF);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    const ns = await res.json();
    expect(ns.metadata).toEqual(
      expect.objectContaining({
        name: 'team-a',
        labels: {
          owner: 'platform',
          tier: 'web',
          'kubernetes.io/metadata.name': 'team-a',
        },
        annotations: { note: 'héllo' },
        finalizers: ['example.com/keep'],
      }),
    );
    // Server-set fields win over the ones sent.
    expect(ns.metadata.creationTimestamp).not.toBe('2026-01-01T00:00:00Z');
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('refuses protobuf where no decoder exists (custom resources, pods) with 415', async () => {
    for (const path of [
      '/apis/openchoreo.dev/v1alpha1/namespaces/default/workflows',
      '/api/v1/namespaces/default/pods',
    ]) {
      const res = await post(path, KUBECTL_CREATE_NAMESPACE_X, PROTOBUF);
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual(
        expect.objectContaining({
          reason: 'UnsupportedMediaType',
          message:
            'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
        }),
      );
    }
  });

  it('answers a broken protobuf body with 400 BadRequest', async () => {
    const res = await post(
      '/api/v1/namespaces',
      FULL_NAMESPACE.subarray(0, 60),
      PROTOBUF,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(
      /^the request body could not be decoded: /,
    );
  });

  it('reads a namespace in YAML', async () => {
    const res = await post(
      '/api/v1/namespaces',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-yaml\n',
      'application/yaml',
    );
    expect(res.status).toBe(201);
    expect((await res.json()).metadata.name).toBe('from-yaml');
  });
});
