import http from 'http';
import { startTestPlane, TestPlane } from '../../__testUtils__/plane';

interface RawResponse {
  status: number;
  body: any;
}

/** A raw request: fetch cannot set Host, and a browser's Origin is what is tested. */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('local control plane: only local clients', () => {
  let t: TestPlane;
  let port: string;

  beforeAll(async () => {
    t = await startTestPlane();
    port = new URL(t.plane.url).port;
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  const namespace = (name: string) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const exists = async (name: string) =>
    (await t.http(`/api/v1/namespaces/${name}`)).status === 200;

  it.each([
    ['a rebound DNS name', (p: string) => `attacker.example:${p}`],
    ['a loopback name on another port', () => 'localhost:1'],
    ['a loopback name without the port', () => '127.0.0.1'],
    ['another local address', (p: string) => `0.0.0.0:${p}`],
  ])(
    'refuses a Host header of %s with 403 and a Status body, creating nothing',
    async (_, host) => {
      const name = `host-${Math.random().toString(36).slice(2, 8)}`;
      const res = await raw(`${t.plane.url}/api/v1/namespaces`, {
        method: 'POST',
        headers: { Host: host(port), 'Content-Type': 'application/json' },
        body: namespace(name),
      });
      expect(res.status).toBe(403);
      expect(res.body).toEqual(
        expect.objectContaining({
          kind: 'Status',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
        }),
      );
      expect(res.body.message).toContain('Host header');
      expect(await exists(name)).toBe(false);
    },
  );

  it.each([
    ['a cross-site page', 'https://attacker.example'],
    ['a sandboxed page', 'null'],
    ['a page served from loopback itself', 'http://127.0.0.1:3000'],
  ])(
    'refuses a request with the Origin of %s, JSON sent as text/plain included',
    async (_, origin) => {
      const name = `origin-${Math.random().toString(36).slice(2, 8)}`;
      for (const contentType of ['text/plain', 'application/json']) {
        const res = await raw(`${t.plane.url}/api/v1/namespaces`, {
          method: 'POST',
          headers: {
            Host: `127.0.0.1:${port}`,
            Origin: origin,
            'Content-Type': contentType,
          },
          body: namespace(name),
        });
        expect(res.status).toBe(403);
        expect(res.body).toEqual(
          expect.objectContaining({ kind: 'Status', reason: 'Forbidden' }),
        );
        expect(res.body.message).toContain('Origin');
      }
      const read = await raw(`${t.plane.url}/api/v1/namespaces/default`, {
        headers: { Host: `127.0.0.1:${port}`, Origin: origin },
      });
      expect(read.status).toBe(403);
      expect(read.body.metadata).toEqual({});
      expect(await exists(name)).toBe(false);
    },
  );

  it('refuses JSON sent as text/plain from a local client with 415', async () => {
    const res = await raw(`${t.plane.url}/api/v1/namespaces`, {
      method: 'POST',
      headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'text/plain' },
      body: namespace('plain-text'),
    });
    expect(res.status).toBe(415);
    expect(await exists('plain-text')).toBe(false);
  });

  it.each(['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]'])(
    'serves a local client whose Host is %s with the port',
    async host => {
      const res = await raw(`${t.plane.url}/api/v1/namespaces/default`, {
        headers: { Host: `${host}:${port}` },
      });
      expect(res.status).toBe(200);
      expect(res.body.metadata.name).toBe('default');
    },
  );
});
