import { mockServices } from '@backstage/backend-test-utils';
import net from 'node:net';
import {
  OPENCHOREO_GROUP as GROUP,
  OPENCHOREO_VERSION as VERSION,
} from '../cluster/discovery';
import { kubeConfigOf } from '../testUtils';
import { CachedObject, WatchCache } from './WatchCache';

/** A kubeconfig for a port nothing listens on: every request is refused at once. */
async function unreachableKubeconfig(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise(resolve => probe.close(resolve));
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: away\n  cluster:\n    server: http://127.0.0.1:${port}`,
    'users:',
    '- name: nobody\n  user: {}',
    'contexts:',
    '- name: away\n  context:\n    cluster: away\n    user: nobody',
    'current-context: away',
  ].join('\n');
}

/*
 * The retry schedule on fake timers: the requests are real (refused by the
 * closed port), the waits between them are jest's, so "not before its delay"
 * is checked without measuring time.
 */
describe('WatchCache backoff while the API server is unreachable', () => {
  const realSetTimeout = setTimeout;
  let cache: WatchCache<CachedObject> | undefined;

  afterEach(() => {
    cache?.stop();
    jest.useRealTimers();
  });

  it('waits 100, 200, 400, 400 ms between attempts, never less', async () => {
    const kubeconfig = await unreachableKubeconfig();
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    const announced: number[] = [];
    let onRetry: (() => void) | undefined;
    /** The next retry the cache announces (its request was refused); fails after 10 s. */
    const nextRetry = () =>
      new Promise<number>((resolve, reject) => {
        const seen = announced.length;
        const timer = realSetTimeout(
          () => reject(new Error(`no retry #${seen + 1} within 10 s`)),
          10_000,
        );
        onRetry = () => {
          if (announced.length === seen) return;
          clearTimeout(timer);
          resolve(announced[seen]);
        };
        onRetry();
      });
    cache = new WatchCache<CachedObject>({
      kubeConfig: kubeConfigOf(kubeconfig),
      logger: mockServices.logger.mock({
        warn: message => {
          const delay = /retrying in (\d+) ms$/.exec(message)?.[1];
          if (!delay) return;
          announced.push(Number(delay));
          onRetry?.();
        },
      }),
      group: GROUP,
      version: VERSION,
      plural: 'workflowruns',
      initialBackoffMs: 100,
      maxBackoffMs: 400,
    });
    cache.start().catch(() => undefined);

    for (const delay of [100, 200, 400, 400]) {
      expect(await nextRetry()).toBe(delay);
      const attempts = cache.stats.errors;
      // One timer: the next attempt. Not due a millisecond before its delay...
      expect(jest.getTimerCount()).toBe(1);
      jest.advanceTimersByTime(delay - 1);
      expect(jest.getTimerCount()).toBe(1);
      expect(cache.stats.errors).toBe(attempts);
      // ...and started at its delay (its request is refused in turn).
      jest.advanceTimersByTime(1);
      expect(jest.getTimerCount()).toBe(0);
    }
    expect(await nextRetry()).toBe(400);
    expect(cache.isReady()).toBe(false);
  });
});
