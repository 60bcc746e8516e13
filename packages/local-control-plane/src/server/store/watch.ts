import { badRequest, gone } from '../errors';
import { makeFilter, matchesFilter, ObjectFilter } from '../selectors';
import { KubeObject, ResourceType, StoreEvent } from '../types';
import { EventLog } from './eventLog';
import { inKeyOrder } from './objectKeys';

/** @public */
export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** '' or undefined: current state as ADDED events, then changes. 'N': changes after N. */
  resourceVersion?: string;
  /** With resourceVersion '' or '0': send the current state (default true, as the apiserver does). */
  sendInitialEvents?: boolean;
}

/** @public */
export interface Watcher {
  stop(): void;
}

/** @public */
export type WatchCallback = (type: string, obj: KubeObject) => void;

/**
 * What one watch sees of a store event. An object that starts or stops matching the watch's
 * namespace and selectors arrives as ADDED or DELETED, as the apiserver's watch cache sends it.
 */
function watchFilter(
  rt: ResourceType,
  namespace: string | undefined,
  filter: ObjectFilter,
  onEvent: WatchCallback,
) {
  const matches = (o: KubeObject) =>
    (!rt.namespaced || !namespace || o.metadata.namespace === namespace) &&
    matchesFilter(filter, o);
  return (e: StoreEvent) => {
    if (e.resource !== rt) return;
    const nowMatches = matches(e.object);
    if (e.type !== 'MODIFIED') {
      if (nowMatches) onEvent(e.type, structuredClone(e.object));
      return;
    }
    const before = !!e.previous && matches(e.previous);
    if (nowMatches && before) onEvent('MODIFIED', structuredClone(e.object));
    else if (nowMatches) onEvent('ADDED', structuredClone(e.object));
    else if (before) onEvent('DELETED', structuredClone(e.object));
  };
}

/**
 * Starts a watch: replays the history after `resourceVersion`, or sends the current objects,
 * then follows the event log. Throws a 410 ApiError when `resourceVersion` is older than the
 * history (the HTTP layer sends it as an ERROR event, as the apiserver does).
 */
export function startWatch(
  rt: ResourceType,
  opts: WatchOptions,
  onEvent: WatchCallback,
  current: Map<string, KubeObject>,
  events: EventLog,
): Watcher {
  const filter = makeFilter(opts.labelSelector, opts.fieldSelector);
  const deliver = watchFilter(rt, opts.namespace, filter, onEvent);
  const rv = opts.resourceVersion;
  if (rv && rv !== '0') {
    const n = Number(rv);
    if (!Number.isInteger(n) || n < 0)
      throw badRequest(`invalid resource version: ${rv}`);
    if (n < events.compactedRv)
      throw gone(`too old resource version: ${rv} (${events.compactedRv + 1})`);
    for (const e of events.after(n)) deliver(e);
  } else if (opts.sendInitialEvents !== false) {
    for (const [, o] of inKeyOrder(rt, current, opts.namespace))
      if (matchesFilter(filter, o)) onEvent('ADDED', structuredClone(o));
  }
  return { stop: events.subscribe(deliver) };
}
