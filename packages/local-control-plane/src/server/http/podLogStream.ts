import { IncomingMessage, ServerResponse } from 'http';
import { badRequest } from '../errors';
import { LogLine, PodLogStore } from '../podLogs';
import { PODS } from '../kinds/coreKinds';
import { ObjectStore } from '../store';
import { KubeObject } from '../types';
import { Route, truthy } from './routes';

/** The container a log request reads: as asked, the only one, or the pod's default container. */
function containerOf(pod: KubeObject, asked: string | undefined): string {
  const spec = (pod as any).spec;
  const containers: string[] = (spec?.containers ?? []).map((c: any) => c.name);
  let container = asked;
  if (!container) {
    const preferred =
      pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (containers.length === 1) container = containers[0];
    else if (preferred && containers.includes(preferred)) container = preferred;
    else
      throw badRequest(
        `a container name must be specified for pod ${
          pod.metadata.name
        }, choose one of: [${containers.join(' ')}]`,
      );
  }
  if (
    !containers.includes(container) &&
    !(spec?.initContainers ?? []).some((c: any) => c.name === container)
  ) {
    throw badRequest(
      `container ${container} is not valid for pod ${pod.metadata.name}`,
    );
  }
  return container;
}

/** sinceTime / sinceSeconds as a time in ms, or undefined. */
function sinceOf(q: URLSearchParams): number | undefined {
  const sinceTime = q.get('sinceTime');
  const sinceSeconds = Number(q.get('sinceSeconds'));
  if (sinceTime) return Date.parse(sinceTime);
  if (sinceSeconds > 0) return Date.now() - sinceSeconds * 1000;
  return undefined;
}

/**
 * GET pods/<name>/log: the container's lines with tailLines, timestamps, sinceTime/sinceSeconds
 * and limitBytes, and with follow=true the new lines until the container ends.
 */
export function serveLogs(
  store: ObjectStore,
  logs: PodLogStore,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  q: URLSearchParams,
) {
  const pod = store.get(PODS, route.namespace, route.name!);
  const container = containerOf(pod, q.get('container') ?? undefined);
  const ns = route.namespace!;
  const name = pod.metadata.name;
  const withTs = truthy(q.get('timestamps'));
  const since = sinceOf(q);
  const tail =
    q.get('tailLines') !== null ? Number(q.get('tailLines')) : undefined;
  let limitBytes =
    q.get('limitBytes') !== null ? Number(q.get('limitBytes')) : Infinity;
  const format = (l: LogLine) =>
    `${withTs ? `${l.timestamp} ` : ''}${l.text}\n`;
  const keep = (l: LogLine) =>
    since === undefined || Date.parse(l.timestamp) >= since;
  let lines = logs.read(ns, name, container).filter(keep);
  if (tail !== undefined && tail >= 0)
    lines = tail === 0 ? [] : lines.slice(-tail);
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Transfer-Encoding': 'chunked',
  });
  const write = (text: string) => {
    if (res.writableEnded) return;
    if (limitBytes <= 0) return;
    const chunk = Buffer.from(text).subarray(0, limitBytes);
    limitBytes -= chunk.length;
    res.write(chunk);
  };
  lines.forEach(l => write(format(l)));
  if (!truthy(q.get('follow')) || logs.isClosed(ns, name, container)) {
    res.end();
    return;
  }
  const stop = logs.follow(
    ns,
    name,
    container,
    l => keep(l) && write(format(l)),
    () => {
      stop();
      res.end();
    },
  );
  req.on('close', stop);
}
