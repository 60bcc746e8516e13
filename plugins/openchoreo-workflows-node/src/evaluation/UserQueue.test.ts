import { ServiceUnavailableError } from '@backstage/errors';
import { EvaluationBusyError } from './errors';
import { UserQueue } from './UserQueue';

describe('UserQueue', () => {
  const limits = { concurrency: 1, queue: 2, totalQueue: 3 };

  it('runs one evaluation per user at a time, queues a few, refuses more with 429', async () => {
    const q = new UserQueue(limits, 'x');
    const order: string[] = [];
    const releaseA1 = await q.acquire('a');
    const a2 = q.acquire('a').then(release => {
      order.push('a2');
      return release;
    });
    const a3 = q.acquire('a').then(release => {
      order.push('a3');
      return release;
    });
    await expect(q.acquire('a')).rejects.toBeInstanceOf(EvaluationBusyError);
    // Another user is not held up by a.
    const releaseB = await q.acquire('b');
    releaseB();
    expect(order).toEqual([]);
    releaseA1();
    const releaseA2 = await a2;
    expect(order).toEqual(['a2']);
    releaseA2();
    releaseA2(); // twice is once
    (await a3)();
    expect(order).toEqual(['a2', 'a3']);
    // Everything released: a may start again at once.
    (await q.acquire('a'))();
  });

  it('refuses with 503 when all users together have too many waiting', async () => {
    const q = new UserQueue({ ...limits, totalQueue: 2 }, 'x');
    await q.acquire('a');
    await q.acquire('b');
    void q.acquire('a');
    void q.acquire('b');
    // c may run (a free slot of its own) but not wait: two wait already.
    await q.acquire('c');
    await expect(q.acquire('c')).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
  });

  it('refuses what waits once closed', async () => {
    const q = new UserQueue(limits, 'x');
    await q.acquire('a');
    const waiting = q.acquire('a');
    q.close();
    await expect(waiting).rejects.toThrow('shutting down');
    await expect(q.acquire('b')).rejects.toThrow('shutting down');
  });

  it('drops a waiting evaluation whose signal aborts, and frees its place', async () => {
    const q = new UserQueue({ ...limits, queue: 1, totalQueue: 1 }, 'x');
    const releaseA = await q.acquire('a');
    const gaveUp = new AbortController();
    const waiting = q.acquire('a', gaveUp.signal);
    gaveUp.abort(new Error('waited too long'));
    await expect(waiting).rejects.toThrow('waited too long');
    // Its place, in a's queue and in the total, is free again.
    const next = q.acquire('a');
    releaseA();
    (await next)();
    // An aborted signal refuses at once.
    const releaseB = await q.acquire('b');
    await expect(q.acquire('b', gaveUp.signal)).rejects.toThrow(
      'waited too long',
    );
    releaseB();
  });
});
