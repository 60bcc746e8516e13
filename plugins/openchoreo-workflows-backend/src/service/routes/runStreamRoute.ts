import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { RunSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { NotFoundError } from '@backstage/errors';
import Router from 'express-promise-router';
import { ClusterState } from '../../cluster/ClusterState';
import { userOf } from '../caller';
import { RunEvents } from '../RunEvents';
import { EventStream, sharedFrame } from '../sse';
import { StreamSlots } from '../streamSlots';
import { str } from './types';

/** Which runs a caller may read; `denied` when none (an unconditional deny). */
export type RunFilter = ((run: RunSummary) => boolean) & { denied?: boolean };

/** Decisions a stream remembers between its permission re-checks, at most. */
const MAX_DECISIONS = 1024;

const decisionKeys = new WeakMap<RunSummary, string>();

/**
 * What a run's read decision depends on: the run's namespace and launcher
 * (the run rules `IS_IN_NAMESPACE`, `IS_LAUNCHED_BY`) and its workflow (the
 * workflow's read permission). Computed once per event for all streams.
 */
function decisionKey(r: RunSummary): string {
  let key = decisionKeys.get(r);
  if (key === undefined) {
    const w = r.workflow;
    key = JSON.stringify([
      r.namespace,
      r.launchedBy ?? null,
      w.kind,
      w.namespace ?? null,
      w.name,
    ]);
    decisionKeys.set(r, key);
  }
  return key;
}

/**
 * `GET /stream`: the changes of the runs the caller may read, live. A
 * caller who may read none is answered 404 before the stream starts; the
 * caller's permission is checked again every minute (the stream ends when
 * it is gone; the decisions remembered by `decisionKey` are dropped) and
 * the stream ends when the caller's token expires. Each event is
 * serialized once for all streams.
 */
export function runStreamRoute(options: {
  httpAuth: HttpAuthService;
  clusters: { get(name: string | undefined): ClusterState };
  events: Pick<RunEvents, 'subscribe'>;
  readableRuns: (
    credentials: BackstageCredentials,
    cluster: ClusterState,
  ) => Promise<RunFilter>;
  slots: StreamSlots;
  maxQueuedBytes?: number;
}) {
  const { httpAuth, clusters, events, readableRuns, slots } = options;
  const router = Router();
  router.get('/stream', async (req, res) => {
    const stream = new EventStream(res, options);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (stream.closed) return;
    stream.onClose(slots.take(userOf(credentials)));
    const cluster = clusters.get(str(req.query.cluster));
    let allowed = await readableRuns(credentials, cluster);
    if (stream.closed) return;
    // Before the 200: a caller who may read no run is answered what other
    // routes answer for what the caller may not read.
    if (allowed.denied) throw new NotFoundError('no WorkflowRuns found');
    const namespace = str(req.query.namespace);
    const workflow = str(req.query.workflow);
    stream.start();
    let decided = new Map<string, boolean>();
    stream.onClose(
      events.subscribe(event => {
        const r = event.run;
        if (r.cluster !== cluster.name) return;
        if (namespace && r.namespace !== namespace) return;
        if (workflow && r.workflow.name !== workflow) return;
        const key = decisionKey(r);
        let may = decided.get(key);
        if (may === undefined) {
          if (decided.size >= MAX_DECISIONS) decided = new Map();
          may = allowed(r);
          decided.set(key, may);
        }
        if (may) stream.sendFrame(sharedFrame('run', event));
      }),
    );
    stream.reauthorize(async () => {
      allowed = await readableRuns(credentials, cluster);
      decided = new Map();
      return allowed.denied
        ? {
            reason: 'denied',
            message: 'you may no longer read these runs',
          }
        : undefined;
    }, credentials.expiresAt);
  });
  return router;
}
