import { badRequest, gone } from '../errors';
import { makeFilter, matchesFilter } from '../selectors';
import { KubeObject, ResourceType } from '../types';
import { EventLog } from './eventLog';
import { inKeyOrder } from './objectKeys';

/** @public */
export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

/** @public */
export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

const TOO_OLD_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** A continue token: the list's resourceVersion and the last key it sent. */
function decodeContinue(token: string): { start: string; rv: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    return { start: String(parsed.start), rv: String(parsed.rv) };
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data');
  }
}

const encodeContinue = (rv: string, start: string) =>
  Buffer.from(JSON.stringify({ rv, start })).toString('base64');

/**
 * One page of a list. Later pages show the list's snapshot, as etcd serves them at the first
 * page's revision; a token older than the event history is 410 Gone.
 */
export function listObjects(
  rt: ResourceType,
  opts: ListOptions,
  current: Map<string, KubeObject>,
  events: EventLog,
  resourceVersion: string,
): ListResult {
  const filter = makeFilter(opts.labelSelector, opts.fieldSelector);
  let start = '';
  let listRv = resourceVersion;
  let objects = current;
  if (opts.continue) {
    ({ start, rv: listRv } = decodeContinue(opts.continue));
    if (Number(listRv) < events.compactedRv) throw gone(TOO_OLD_CONTINUE);
    objects = events.rewind(rt, Number(listRv), current);
  }
  const matching = inKeyOrder(rt, objects, opts.namespace).filter(
    ([k, o]) => (!start || k > start) && matchesFilter(filter, o),
  );
  const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
  const page = limit ? matching.slice(0, limit) : matching;
  const result: ListResult = {
    items: page.map(([, o]) => structuredClone(o)),
    resourceVersion: listRv,
  };
  if (limit && matching.length > limit) {
    result.continue = encodeContinue(listRv, page[page.length - 1][0]);
    result.remainingItemCount = matching.length - limit;
  }
  return result;
}
