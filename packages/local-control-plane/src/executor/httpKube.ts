import { KubeConfig } from '@kubernetes/client-node';
import {
  KubeClient,
  WatchCache,
  WatchCacheOptions,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { KubeObject } from '../server/types';
import {
  apiPathOf,
  ExecutorKube,
  ExecutorResource,
  KubeConflict,
} from './kube';

type Logger = WatchCacheOptions<KubeObject>['logger'];

/** A logger for the watch caches: warnings and errors go to `report`, the rest is dropped. */
function reportingLogger(report: (message: string) => void): Logger {
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: message => report(message),
    error: message => report(message),
    child: () => logger,
  };
  return logger;
}

/** Runs `fn`; a 404 becomes `gone`, a 409 a KubeConflict. */
async function mapped<T, G>(fn: () => Promise<T>, gone: G): Promise<T | G> {
  try {
    return await fn();
  } catch (e) {
    const name = (e as Error)?.name;
    if (name === 'NotFoundError') return gone;
    if (name === 'ConflictError') throw new KubeConflict((e as Error).message);
    throw e;
  }
}

/**
 * The executor's Kubernetes client over HTTP(S), with the connection (TLS,
 * token) a kubeconfig describes: for a real kube-apiserver, or the local
 * control plane reached as any client reaches it. Watches are the plugin's
 * own informer (WatchCache: list, watch with bookmarks, relist on 410).
 *
 * @public
 */
export function httpExecutorKube(
  kubeConfig: KubeConfig,
  options: { onWarning?: (message: string) => void } = {},
): ExecutorKube {
  const client = new KubeClient(kubeConfig);
  const describe = (verb: string, r: ExecutorResource, name?: string) =>
    `${verb} ${r.plural}${r.group ? `.${r.group}` : ''}${
      name ? ` ${name}` : ''
    }`;
  return {
    get(resource, namespace, name) {
      return mapped(
        () =>
          client.get(
            apiPathOf(resource, namespace, name),
            describe('get', resource, name),
          ),
        undefined,
      );
    },
    async list(resource, namespace, labelSelector) {
      const body = await client.request<{ items: KubeObject[] }>(
        'GET',
        apiPathOf(resource, namespace),
        describe('list', resource),
        undefined,
        { labelSelector },
      );
      return body.items;
    },
    async watch(resource, onEvent) {
      const cache = new WatchCache<KubeObject>({
        kubeConfig,
        logger: reportingLogger(options.onWarning ?? (() => {})),
        group: resource.group,
        version: resource.version,
        plural: resource.plural,
      });
      cache.onChange((type, obj) => onEvent(type, obj));
      await cache.start();
      return () => cache.stop();
    },
    create(resource, obj) {
      return client.create(
        apiPathOf(resource, obj.metadata.namespace),
        obj,
        describe('create', resource, obj.metadata.name),
      );
    },
    replace(resource, obj, subresource) {
      const path = apiPathOf(
        resource,
        obj.metadata.namespace,
        obj.metadata.name,
      );
      return mapped(
        () =>
          client.request<KubeObject>(
            'PUT',
            subresource ? `${path}/${subresource}` : path,
            describe('update', resource, obj.metadata.name),
            obj,
          ),
        undefined,
      );
    },
    delete(resource, namespace, name) {
      return mapped(async () => {
        await client.request(
          'DELETE',
          apiPathOf(resource, namespace, name),
          describe('delete', resource, name),
          { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
        );
        return true;
      }, false);
    },
  };
}
