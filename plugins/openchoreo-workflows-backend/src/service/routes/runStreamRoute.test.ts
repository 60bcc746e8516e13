import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { RunEvent } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import express, { Response } from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ClusterState } from '../../cluster/ClusterState';
import { RunFilter, runStreamRoute } from './runStreamRoute';
import { EventStream, REAUTHORIZE_MS } from '../sse';
import { StreamSlots } from '../streamSlots';
import { openSse } from '../../__testUtils__/sse';
import { runRules } from '../../permissions/rules';

/** An express app on 127.0.0.1 with Backstage's error handler; `closed` resolves when a response's connection closes. */
async function serve(install: (app: express.Express) => void) {
  const app = express();
  install(app);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  const server = http.createServer(app);
  const closes: Array<() => void> = [];
  server.on('request', (_req, res: http.ServerResponse) =>
    res.on('close', () => closes.splice(0).forEach(c => c())),
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    nextClose: () => new Promise<void>(resolve => closes.push(resolve)),
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Run events fanned out to subscribers, as RunEvents does. */
function runEvents() {
  const subscribers = new Set<(e: RunEvent) => void>();
  return {
    subscribers,
    subscribe(fn: (e: RunEvent) => void) {
      subscribers.add(fn);
      return () => {
        subscribers.delete(fn);
      };
    },
    publish(name: string, run: Record<string, unknown> = {}) {
      const event = {
        type: 'ADDED',
        run: {
          cluster: 'local',
          namespace: 'default',
          name,
          workflow: { name: 'w' },
          ...run,
        },
      } as unknown as RunEvent;
      subscribers.forEach(s => s(event));
    },
  };
}

const cluster = { name: 'local' } as ClusterState;

/** The stream route alone on a server (see `serve`). */
function serveStreamRoute(options: {
  events: ReturnType<typeof runEvents>;
  slots: StreamSlots;
  readableRuns: (c: BackstageCredentials) => Promise<RunFilter>;
  credentials?: (header: string | undefined) => BackstageCredentials;
}) {
  const httpAuth = mockServices.httpAuth();
  const route = runStreamRoute({
    httpAuth: options.credentials
      ? ({
          credentials: async (req: express.Request) =>
            options.credentials!(req.headers.authorization),
        } as unknown as typeof httpAuth)
      : httpAuth,
    clusters: { get: () => cluster },
    events: options.events,
    readableRuns: options.readableRuns,
    slots: options.slots,
  });
  return serve(app => app.use(route));
}

/** What the route kept: its subscriptions, and whether the caller's slot (of one) can be taken again. */
function leftovers(events: ReturnType<typeof runEvents>, slots: StreamSlots) {
  let slotFree = true;
  try {
    slots.take(mockCredentials.user().principal.userEntityRef);
  } catch {
    slotFree = false;
  }
  return { subscriptions: events.subscribers.size, slotFree };
}

const allowAll: RunFilter = () => true;

describe('GET /stream', () => {
  afterEach(() => jest.useRealTimers());

  it('a client that leaves during the permission check leaves no subscription and no slot behind', async () => {
    const events = runEvents();
    const slots = new StreamSlots(1);
    let checking!: () => void;
    const asked = new Promise<void>(resolve => {
      checking = resolve;
    });
    let answer!: (f: RunFilter) => void;
    const server = await serveStreamRoute({
      events,
      slots,
      readableRuns: () => {
        checking();
        return new Promise(resolve => {
          answer = resolve;
        });
      },
    });
    try {
      const client = openSse(server.port, '/stream');
      await asked;
      const closed = server.nextClose();
      client.close();
      await closed;
      answer(allowAll);
      // The route resumes after its await in a microtask; setImmediate runs after those.
      await new Promise(setImmediate);
      expect(leftovers(events, slots)).toEqual({
        subscriptions: 0,
        slotFree: true,
      });
    } finally {
      await server.stop();
    }
  });

  it('answers 404 before any header to a caller who may read no run, and keeps no slot', async () => {
    const events = runEvents();
    const slots = new StreamSlots(1);
    const denied: RunFilter = Object.assign(() => false, { denied: true });
    const server = await serveStreamRoute({
      events,
      slots,
      readableRuns: async () => denied,
    });
    try {
      const closed = server.nextClose();
      const client = openSse(server.port, '/stream');
      await client.until(() => client.ended);
      await closed;
      expect(client.status).toBe(404);
      expect(client.response?.headers['content-type']).toMatch(
        /^application\/json/,
      );
      expect(client.comments).toBe(0);
      expect(leftovers(events, slots)).toEqual({
        subscriptions: 0,
        slotFree: true,
      });
    } finally {
      await server.stop();
    }
  });

  it('caps the streams one user has open (429 past it) and frees the slot when one closes', async () => {
    const events = runEvents();
    const server = await serveStreamRoute({
      events,
      slots: new StreamSlots(1),
      readableRuns: async () => allowAll,
    });
    try {
      const first = openSse(server.port, '/stream');
      await first.until(() => first.comments > 0);
      const second = openSse(server.port, '/stream');
      await second.until(() => second.ended);
      expect(second.status).toBe(429);
      const other = openSse(server.port, '/stream', {
        headers: {
          authorization: mockCredentials.user.header('user:default/other'),
        },
      });
      await other.until(() => other.comments > 0);
      expect(other.status).toBe(200);

      const closed = server.nextClose();
      first.close();
      await closed;
      const third = openSse(server.port, '/stream');
      await third.until(() => third.comments > 0);
      expect(third.status).toBe(200);
      third.close();
      other.close();
    } finally {
      await server.stop();
    }
  });

  it('re-checks the permission every minute and ends with a `closed` event once it is gone', async () => {
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    const events = runEvents();
    let filter: RunFilter = allowAll;
    let checks = 0;
    const server = await serveStreamRoute({
      events,
      slots: new StreamSlots(),
      readableRuns: async () => {
        checks++;
        return filter;
      },
    });
    try {
      const client = openSse(server.port, '/stream');
      await client.until(() => client.comments > 0);
      events.publish('before');
      await client.until(() => client.events.length === 1);

      await jest.advanceTimersByTimeAsync(REAUTHORIZE_MS);
      expect(checks).toBe(2);
      expect(client.ended).toBe(false);

      filter = Object.assign(() => false, { denied: true });
      await jest.advanceTimersByTimeAsync(REAUTHORIZE_MS);
      await client.until(() => client.ended);
      expect(checks).toBe(3);
      expect(client.events.map(e => e.event)).toEqual(['run', 'closed']);
      expect(client.events[1].data).toEqual({
        reason: 'denied',
        message: 'you may no longer read these runs',
      });
      expect(events.subscribers.size).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it("ends the stream when the caller's token expires", async () => {
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    const expiresAt = new Date(Date.now() + 90_000);
    const events = runEvents();
    const server = await serveStreamRoute({
      events,
      slots: new StreamSlots(),
      readableRuns: async () => allowAll,
      credentials: () => ({ ...mockCredentials.user(), expiresAt }),
    });
    try {
      const client = openSse(server.port, '/stream');
      await client.until(() => client.comments > 0);
      await jest.advanceTimersByTimeAsync(89_000);
      expect(client.ended).toBe(false);
      await jest.advanceTimersByTimeAsync(1_000);
      await client.until(() => client.ended);
      expect(client.events).toEqual([
        {
          event: 'closed',
          data: {
            reason: 'expired',
            message: `your sign-in expired at ${expiresAt.toISOString()}; reconnect to go on`,
          },
        },
      ]);
      expect(events.subscribers.size).toBe(0);
    } finally {
      await server.stop();
    }
  });
  it('decides once per namespace, launcher and workflow between re-checks, and anew after one', async () => {
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    const events = runEvents();
    const asked: string[] = [];
    const mine: RunFilter = r => {
      asked.push(`${r.name} by ${r.launchedBy}`);
      return r.launchedBy === 'user:default/me';
    };
    let filter = mine;
    const server = await serveStreamRoute({
      events,
      slots: new StreamSlots(),
      readableRuns: async () => filter,
    });
    try {
      const client = openSse(server.port, '/stream');
      await client.until(() => client.comments > 0);
      const me = { launchedBy: 'user:default/me' };
      const other = { launchedBy: 'user:default/other' };
      events.publish('a', me);
      events.publish('b', other);
      events.publish('c', me);
      events.publish('d', other);
      events.publish('e', { ...me, namespace: 'team' });
      events.publish('f', { ...me, workflow: { name: 'x' } });
      events.publish('g', me);
      await client.until(() => client.events.length === 5);
      expect(client.dataOf('run').map(e => e.run.name)).toEqual([
        'a',
        'c',
        'e',
        'f',
        'g',
      ]);
      expect(asked).toEqual([
        'a by user:default/me',
        'b by user:default/other',
        'e by user:default/me',
        'f by user:default/me',
      ]);

      // The re-check's filter decides again: what was denied may now be read.
      filter = r => {
        asked.push(`again ${r.name}`);
        return true;
      };
      await jest.advanceTimersByTimeAsync(REAUTHORIZE_MS);
      events.publish('h', other);
      events.publish('i', other);
      await client.until(() => client.events.length === 7);
      expect(
        client
          .dataOf('run')
          .map(e => e.run.name)
          .slice(5),
      ).toEqual(['h', 'i']);
      expect(asked.slice(4)).toEqual(['again h']);
      client.close();
    } finally {
      await server.stop();
    }
  });

  it('keys its remembered decisions on all that the run rules read', () => {
    // IS_IN_NAMESPACE reads the run's namespace, IS_LAUNCHED_BY its launcher:
    // both are in `decisionKey`. A new run rule must be added there too.
    expect(Object.values(runRules).map(r => r.name)).toEqual([
      'IS_IN_NAMESPACE',
      'IS_LAUNCHED_BY',
    ]);
  });
});

describe('EventStream', () => {
  /** A stream with the given bound, whose client has connected and stopped reading. */
  async function openPausedStream(maxQueuedBytes: number) {
    let stream!: EventStream;
    let writable!: Response;
    let opened!: () => void;
    const started = new Promise<void>(resolve => {
      opened = resolve;
    });
    const server = await serve(app =>
      app.get('/events', (_req, res) => {
        stream = new EventStream(res, { maxQueuedBytes });
        stream.start();
        writable = res;
        opened();
      }),
    );
    const client = openSse(server.port, '/events');
    await started;
    await client.until(() => client.response !== undefined);
    client.response!.pause();
    return { server, client, stream, writable };
  }

  const maxQueuedBytes = 64 * 1024;
  const payload = 'x'.repeat(16 * 1024);

  /**
   * Floods a client that does not read (a bound of 64 KiB) with up to 4096 lines of 16 KiB until
   * the stream closes, yielding a turn between them or not; then lets the client read to the end.
   */
  async function floodPausedClient(yieldBetween: boolean) {
    const { server, client, stream, writable } = await openPausedStream(
      maxQueuedBytes,
    );
    try {
      let sent = 0;
      let mostBuffered = 0;
      for (let i = 0; i < 4096 && !stream.closed; i++) {
        stream.send('line', { i, payload });
        sent++;
        mostBuffered = Math.max(mostBuffered, writable.writableLength);
        if (yieldBetween) await new Promise(setImmediate);
      }
      const closed = stream.closed;
      const highWaterMark = writable.writableHighWaterMark;
      client.response!.resume();
      await client.until(() => client.ended);
      return {
        closed,
        sent,
        mostBuffered,
        highWaterMark,
        events: client.events,
      };
    } finally {
      await server.stop();
    }
  }

  it('queues a bounded amount for a client that does not read, then ends with a `closed` event saying why', async () => {
    // Far more than the kernel's socket buffers hold: a stream without a bound keeps queueing.
    const { closed, sent, mostBuffered, highWaterMark, events } =
      await floodPausedClient(true);
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(4096);
    // Node's buffer: at most its high-water mark, the queue's bound and the last event.
    expect(mostBuffered).toBeLessThan(
      highWaterMark + maxQueuedBytes + 2 * payload.length,
    );

    const last = events[events.length - 1];
    expect(last.event).toBe('closed');
    expect(last.data.reason).toBe('slow-client');
    expect(last.data.message).toMatch(
      /^the client read too slowly: more than 65536 bytes/,
    );
    // What it did get arrived in order, without gaps.
    const lines = events.filter(e => e.event === 'line').map(e => e.data.i);
    expect(lines).toEqual(lines.map((_, i) => i));
  });
  it('writes the events of one turn at once, in order, and before the last event of `end`', async () => {
    let writes = 0;
    const server = await serve(app =>
      app.get('/events', (_req, res) => {
        const stream = new EventStream(res);
        stream.start();
        const write = res.write.bind(res) as (chunk: unknown) => boolean;
        res.write = ((chunk: unknown) => {
          writes++;
          return write(chunk);
        }) as typeof res.write;
        for (let i = 0; i < 3; i++) stream.send('line', { i });
        setImmediate(() => {
          for (let i = 3; i < 6; i++) stream.send('line', { i });
          stream.end('closed', { reason: 'denied', message: 'gone' });
        });
      }),
    );
    try {
      const client = openSse(server.port, '/events');
      await client.until(() => client.ended);
      expect(client.events.map(e => e.data.i ?? e.event)).toEqual([
        0,
        1,
        2,
        3,
        4,
        5,
        'closed',
      ]);
      // One write for the first turn's three; the second turn's go with `end`.
      expect(writes).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('bounds what one turn sends to a client that does not read', async () => {
    // All in one turn: nothing waits for a later flush to be bounded.
    const { closed, sent, mostBuffered, highWaterMark, events } =
      await floodPausedClient(false);
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(64);
    expect(mostBuffered).toBeLessThan(highWaterMark + 2 * maxQueuedBytes);
    expect(events[events.length - 1].data.reason).toBe('slow-client');
  });
});
