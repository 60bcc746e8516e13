import { mockServices } from '@backstage/backend-test-utils';
import { ObserverConfig } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ObservedLine,
  startTestObserver,
  TestObserver,
} from '../__testUtils__/testObserver';
import { ObserverClient, ObserverError } from './ObserverClient';

const T0 = Date.parse('2026-11-30T10:00:00Z');
const config = (extra: Partial<ObserverConfig> = {}): ObserverConfig => ({
  resolveFromObservabilityPlane: false,
  timeoutMs: 10_000,
  maxResponseBytes: 8 * 1024 * 1024,
  maxLinesPerStep: 20_000,
  ingestionDelayMs: 0,
  ...extra,
});
const query = (task = 'build') => ({
  namespace: 'default',
  runName: 'r1',
  task,
  from: new Date(T0 - 60_000),
  to: new Date(T0 + 3600_000),
});
/** `n` lines of a step, `perSecond` of them in each second from T0. */
const shipped = (n: number, perSecond: number, task = 'build') =>
  Array.from(
    { length: n },
    (_, i): ObservedLine => ({
      namespace: 'default',
      workflowRunName: 'r1',
      taskName: task,
      timestamp: new Date(
        T0 +
          Math.floor(i / perSecond) * 1000 +
          Math.floor(((i % perSecond) * 1000) / perSecond),
      ).toISOString(),
      log: `${task} line ${i}`,
    }),
  );

async function failure(p: Promise<unknown>): Promise<ObserverError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ObserverError);
    return e as ObserverError;
  }
  throw new Error('expected the observer call to fail');
}

describe('ObserverClient against a test observer on 127.0.0.1', () => {
  let observer: TestObserver;
  const logger = mockServices.logger.mock();
  const logged = () => logger.warn.mock.calls.map(c => String(c[0]));

  beforeEach(async () => {
    observer = await startTestObserver({ token: 'observer-secret-token' });
  });
  afterEach(() => observer.close());

  const client = (extra: Partial<ObserverConfig> = {}) =>
    new ObserverClient(
      'prod',
      config({
        auth: { type: 'bearerToken', token: 'observer-secret-token' },
        ...extra,
      }),
      logger,
    );

  it("pages through a step's lines by time, each line once, in order", async () => {
    observer.add(shipped(2345, 300));
    observer.add(shipped(50, 10, 'push'));
    const { lines, truncated } = await client().stepLogs(observer.url, query());
    expect(truncated).toBe(false);
    expect(lines.map(l => l.text)).toEqual(shipped(2345, 300).map(l => l.log));
    expect(lines[0].timestamp).toBe('2026-11-30T10:00:00Z');
    // Pages of 1,000 that overlap in one second: 1,000 + 1,000 + the rest.
    expect(observer.queries).toHaveLength(3);
    expect(observer.queries[0]).toEqual({
      startTime: '2026-11-30T09:59:00Z',
      endTime: '2026-11-30T11:00:00Z',
      limit: 1000,
      sortOrder: 'asc',
      searchScope: {
        namespace: 'default',
        workflowRunName: 'r1',
        taskName: 'build',
      },
    });
    expect(observer.queries[1].startTime).toBe('2026-11-30T10:00:03Z');
  });

  it('stops at maxLinesPerStep and at a second with more lines than a page, and says so', async () => {
    observer.add(shipped(2345, 300));
    const capped = await client({ maxLinesPerStep: 1500 }).stepLogs(
      observer.url,
      query(),
    );
    expect(capped.lines).toHaveLength(1500);
    expect(capped.truncated).toBe(true);

    observer.add(shipped(1200, 1200, 'flood'));
    observer.add([
      {
        ...shipped(1, 1, 'flood')[0],
        timestamp: new Date(T0 + 5000).toISOString(),
        log: 'after the flood',
      },
    ]);
    const flood = await client().stepLogs(observer.url, query('flood'));
    expect(flood.truncated).toBe(true);
    expect(flood.lines).toHaveLength(1001);
    expect(flood.lines[1000].text).toBe('after the flood');
  });

  it('never shows a URL or a credential to a user; the server log has them under the error id', async () => {
    const wrongToken = await failure(
      client({ auth: { type: 'bearerToken', token: 'nope' } }).stepLogs(
        observer.url,
        query(),
      ),
    );
    expect(wrongToken.message).toMatch(
      /^OpenChoreo's observer of cluster 'prod' answered 401: Invalid or missing token \(error id [0-9a-f]{8}\)$/,
    );

    observer.failWith({
      status: 500,
      body: {
        title: 'internalServerError',
        errorCode: 'OBS-V1-L-29',
        message: `opensearch at ${observer.url}/_search failed with Bearer observer-secret-token (10.1.2.3:9200)`,
      },
    });
    const internal = await failure(client().stepLogs(observer.url, query()));
    expect(internal.message).toContain('answered 500: opensearch at');
    for (const secret of [
      observer.url,
      '127.0.0.1',
      'observer-secret-token',
      '10.1.2.3',
    ])
      expect(internal.message).not.toContain(secret);
    const id = /error id ([0-9a-f]{8})/.exec(internal.message)![1];
    expect(logged().find(l => l.includes(id))).toContain(observer.url);

    const gone = await startTestObserver();
    await gone.close();
    const down = await failure(client().stepLogs(gone.url, query()));
    expect(down.message).toMatch(
      /^OpenChoreo's observer of cluster 'prod' could not be reached: connection refused \(error id [0-9a-f]{8}\)$/,
    );
  });

  it('gives up after its deadline and beyond its size limit', async () => {
    observer.add(shipped(500, 100));
    observer.delay(3_000);
    const slow = await failure(
      client({ timeoutMs: 1_000 }).stepLogs(observer.url, query()),
    );
    expect(slow.message).toContain('did not answer within 1 s');
    observer.delay(0);
    const large = await failure(
      client({ maxResponseBytes: 4096 }).stepLogs(observer.url, query()),
    );
    expect(large.message).toContain('answered more than 4 KiB');
    observer.failWith({ status: 200, body: { hits: [] } });
    const odd = await failure(client().stepLogs(observer.url, query()));
    expect(odd.message).toContain(
      'answered something that is not a logs response',
    );
  });
});

describe('ObserverClient with OAuth2 client credentials', () => {
  it('gets one token for many requests, renews it when refused, and names a refused client', async () => {
    const grants: string[] = [];
    let issued = 0;
    const idp = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => {
        body += c;
      });
      req.on('end', () => {
        grants.push(`${req.headers.authorization} ${body}`);
        const ok =
          req.headers.authorization ===
          `Basic ${Buffer.from('portal:s3cret').toString('base64')}`;
        res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify(
            ok
              ? {
                  access_token: `token-${++issued}`,
                  expires_in: 3600,
                  token_type: 'Bearer',
                }
              : { error: 'invalid_client' },
          ),
        );
      });
    });
    await new Promise<void>(r => idp.listen(0, '127.0.0.1', r));
    const tokenUrl = `http://127.0.0.1:${
      (idp.address() as AddressInfo).port
    }/token`;
    let observer = await startTestObserver({ token: 'token-1' });
    try {
      observer.add(shipped(10, 10));
      const cc = (clientSecret: string) =>
        new ObserverClient(
          'prod',
          config({
            auth: {
              type: 'clientCredentials',
              tokenUrl,
              clientId: 'portal',
              clientSecret,
              scopes: ['observer:read'],
            },
          }),
          mockServices.logger.mock(),
        );
      const client = cc('s3cret');
      await client.stepLogs(observer.url, query());
      await client.stepLogs(observer.url, query());
      expect(grants).toEqual([
        `Basic ${Buffer.from('portal:s3cret').toString(
          'base64',
        )} grant_type=client_credentials&scope=observer%3Aread`,
      ]);

      // The observer now wants the next token: the client asks for it once.
      const asked = observer.queries.length;
      await observer.close();
      observer = await startTestObserver({ token: 'token-2' });
      observer.add(shipped(10, 10));
      expect((await client.stepLogs(observer.url, query())).lines).toHaveLength(
        10,
      );
      expect(grants).toHaveLength(2);
      expect(asked).toBe(2);

      const refused = await failure(
        cc('wrong').stepLogs(observer.url, query()),
      );
      expect(refused.message).toMatch(
        /^OpenChoreo's observer of cluster 'prod' cannot be asked: the identity provider refused the client credentials \(invalid_client\) \(error id [0-9a-f]{8}\)$/,
      );
      expect(refused.message).not.toContain('wrong');
    } finally {
      await observer.close();
      await new Promise(r => idp.close(r));
    }
  });
});
