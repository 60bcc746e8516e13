import {
  evaluateRun,
  EvaluationRequest,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { expensiveExpression, workflowWith } from '../testUtils/workflows';
import { ServiceUnavailableError } from '@backstage/errors';
import { EvaluationBusyError, EvaluationLimitError } from './errors';
import { EvaluationPool, EvaluationPoolOptions } from './EvaluationPool';

jest.setTimeout(60_000);

const request = (value: string, name?: string): EvaluationRequest => ({
  workflow: workflowWith(value, name),
  parameters: {},
  context: { runName: 'r1', namespace: 'default' },
});

const pools: EvaluationPool[] = [];
function pool(options: Partial<EvaluationPoolOptions> = {}) {
  const created = new EvaluationPool({
    timeoutMs: 1000,
    threads: 1,
    memoryLimitMb: 64,
    timeoutSetting: 'test.timeoutMs',
    ...options,
  });
  pools.push(created);
  return created;
}
afterAll(() => Promise.all(pools.map(p => p.close())));

/** Counts timer ticks on this thread while `promise` runs: > 0 means the event loop was free. */
async function ticksDuring<T>(promise: Promise<T>) {
  let ticks = 0;
  const interval = setInterval(() => ticks++, 5);
  try {
    return {
      outcome: await promise.then(
        value => ({ value }),
        error => ({ error }),
      ),
      ticks,
    };
  } finally {
    clearInterval(interval);
  }
}

describe('EvaluationPool (real worker threads, loaded from TypeScript sources)', () => {
  it('gives what evaluateRun gives', async () => {
    const req = request("${parameters.text.replace('', '-')}");
    expect(await pool().evaluate(req)).toEqual(evaluateRun(req));
  });

  it('stops an expensive expression at the deadline with a 422 naming the workflow, the expression and the limit, then serves the next one on a new worker', async () => {
    const p = pool();
    const { outcome, ticks } = await ticksDuring(
      p.evaluate(request(`\${${expensiveExpression()}}`)),
    );
    const error = (outcome as { error: EvaluationLimitError }).error;
    expect(error).toBeInstanceOf(EvaluationLimitError);
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe(
      `rendering Workflow default/hostile took longer than 1000 ms (limit test.timeoutMs); check the expression \`${expensiveExpression()}\``,
    );
    expect(error.expression).toBe(expensiveExpression());
    expect(ticks).toBeGreaterThan(0);
    // One thread: the next evaluation runs on the worker that replaced the stopped one.
    const next = await p.evaluate(request('${1 + 1}'));
    expect(next.rendered?.run).toMatchObject({
      spec: { arguments: { parameters: [{ name: 'value', value: '2' }] } },
    });
  });

  it('stops an evaluation that needs more memory than its worker may have', async () => {
    // 64 MB: enough to start a worker (loading the sources), far from the 1 GB asked for.
    const p = pool({ memoryLimitMb: 64, timeoutMs: 60_000 });
    const copies = `[${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`;
    const big = {
      ...request(
        `\${${copies}.map(i, ${copies}.map(j, parameters.text.replace('x', 'y')))}`,
      ),
    };
    big.parameters = { text: `${'x'.repeat(100_000)}` };
    await expect(p.evaluate(big)).rejects.toThrow(
      /^rendering Workflow default\/hostile needed more than 64 MB of memory; check the expression/,
    );
    expect((await p.evaluate(request('${2 + 2}'))).rendered?.run).toMatchObject(
      {
        spec: { arguments: { parameters: [{ name: 'value', value: '4' }] } },
      },
    );
  });

  it("limits each user's evaluations, so one user cannot take every thread", async () => {
    const p = pool({
      threads: 2,
      timeoutMs: 2000,
      users: {
        concurrency: 1,
        queue: 1,
        totalQueue: 10,
        settingPrefix: 'test',
      },
    });
    const hostile = request(`\${${expensiveExpression()}}`);
    const first = p.evaluate(hostile, { user: 'user:default/mallory' });
    const second = p.evaluate(hostile, { user: 'user:default/mallory' });
    await expect(
      p.evaluate(hostile, { user: 'user:default/mallory' }),
    ).rejects.toThrow(EvaluationBusyError);
    await expect(
      p.evaluate(hostile, { user: 'user:default/mallory' }),
    ).rejects.toThrow(
      'user:default/mallory has 1 evaluations running and 1 waiting, the most allowed (test.perUserConcurrency 1, test.perUserQueue 1); try again when they finish',
    );
    // Another user is served by the other thread while mallory's run.
    const other = await p.evaluate(request('${3 + 3}'), {
      user: 'user:default/alice',
    });
    expect(other.rendered?.run).toMatchObject({
      spec: { arguments: { parameters: [{ name: 'value', value: '6' }] } },
    });
    await expect(first).rejects.toThrow(EvaluationLimitError);
    await expect(second).rejects.toThrow(EvaluationLimitError);
  });

  it('closes while an evaluation runs, without waiting for it', async () => {
    const p = new EvaluationPool({
      timeoutMs: 3_600_000,
      threads: 1,
      memoryLimitMb: 64,
      timeoutSetting: 'test.timeoutMs',
    });
    let started!: () => void;
    const onStarted = new Promise<void>(resolve => (started = resolve));
    const running = p.evaluate(request(`\${${expensiveExpression()}}`), {
      onStarted: started,
    });
    const outcome = running.catch((e: Error) => e.message);
    await onStarted;
    await p.close();
    expect(await outcome).toBe('the evaluation was stopped: shutting down');
  });

  describe('the queue deadline: how long an evaluation may wait for a worker', () => {
    const QUEUE_TIMEOUT =
      'the evaluation waited longer than 300 ms for a worker (limit test.queueTimeoutMs): the server is busy; try again shortly';

    /**
     * Retries `evaluate` while it is answered with the queue deadline's 503:
     * a new pool's threads are still loading the evaluation code.
     */
    async function whenServed<T>(evaluate: () => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await evaluate();
        } catch (e) {
          if (!(e instanceof ServiceUnavailableError) || attempt >= 200)
            throw e;
        }
      }
    }

    /** A pool whose first thread runs an evaluation of hours; resolves when it has started. */
    async function busyPool(options: Partial<EvaluationPoolOptions>) {
      const p = new EvaluationPool({
        timeoutMs: 3_600_000,
        queueTimeoutMs: 300,
        queueTimeoutSetting: 'test.queueTimeoutMs',
        threads: 1,
        memoryLimitMb: 64,
        timeoutSetting: 'test.timeoutMs',
        ...options,
      });
      pools.push(p);
      // Wrapped: a promise returned from the async function would be awaited.
      const { running } = await whenServed(async () => {
        let started!: () => void;
        const onStarted = new Promise<void>(resolve => (started = resolve));
        const evaluation = p
          .evaluate(request(`\${${expensiveExpression()}}`), {
            user: 'user:default/mallory',
            onStarted: started,
          })
          .catch((e: Error) => e);
        const first = await Promise.race([onStarted, evaluation]);
        if (first instanceof Error) throw first;
        return { running: evaluation.then(e => (e as Error).message) };
      });
      return { p, running };
    }

    it('answers a 503 naming the limit when no thread frees up in time, and leaves the running evaluation alone', async () => {
      const { p, running } = await busyPool({});
      const waited = p.evaluate(request('${1 + 1}'));
      await expect(waited).rejects.toBeInstanceOf(ServiceUnavailableError);
      await expect(waited).rejects.toThrow(QUEUE_TIMEOUT);
      await p.close();
      expect(await running).toBe('the evaluation was stopped: shutting down');
    });

    it("bounds the wait for the user's turn too, and frees the place in the user's queue", async () => {
      const { p, running } = await busyPool({
        threads: 2,
        users: {
          concurrency: 1,
          queue: 1,
          totalQueue: 10,
          settingPrefix: 'test',
        },
      });
      const mallory = { user: 'user:default/mallory' };
      // Each waits for mallory's turn (the queue holds one): a 503 at the
      // queue deadline, not a 429, so the one before it left the queue.
      for (let i = 0; i < 2; i++) {
        await expect(p.evaluate(request('${1 + 1}'), mallory)).rejects.toThrow(
          QUEUE_TIMEOUT,
        );
      }
      // Another user has the other thread.
      const other = await whenServed(() =>
        p.evaluate(request('${3 + 3}'), { user: 'user:default/alice' }),
      );
      expect(other.rendered?.run).toMatchObject({
        spec: { arguments: { parameters: [{ name: 'value', value: '6' }] } },
      });
      await p.close();
      expect(await running).toBe('the evaluation was stopped: shutting down');
    });
  });
});
