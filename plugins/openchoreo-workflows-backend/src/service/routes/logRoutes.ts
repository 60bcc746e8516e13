import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  LogWindow,
  RunDetail,
  workflowRunReadPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Request } from 'express';
import Router from 'express-promise-router';
import { ClusterState } from '../../cluster/ClusterState';
import { LogService } from '../LogService';
import { RunQueries } from '../RunQueries';
import { userOf } from '../caller';
import { EventStream } from '../sse';
import { StreamSlots } from '../streamSlots';
import { StepEvents } from '../StepEvents';

/** Longest task name accepted (Argo's node names are DNS labels). */
const MAX_TASK_LENGTH = 253;

function taskParam(req: Request, required: boolean): string | undefined {
  const task = req.query.task;
  if (task === undefined || task === '') {
    if (required) throw new InputError('task: is required');
    return undefined;
  }
  if (typeof task !== 'string' || task.length > MAX_TASK_LENGTH) {
    throw new InputError(
      `task: must be one step name of at most ${MAX_TASK_LENGTH} characters`,
    );
  }
  return task;
}

/** Lines of a log window when `limit` is not given (the document bounds it to 5000). */
const DEFAULT_WINDOW_LINES = 1000;

/** `?offset=&limit=`: a window of one step's log, or undefined for the whole log. */
function windowParam(req: Request): Required<LogWindow> | undefined {
  const { offset, limit } = req.query;
  if (offset === undefined && limit === undefined) return undefined;
  const window = {
    offset: offset === undefined ? 0 : Number(offset),
    limit: limit === undefined ? DEFAULT_WINDOW_LINES : Number(limit),
  };
  // The document bounds both; this keeps the service safe from anything else.
  if (!Number.isSafeInteger(window.offset))
    throw new InputError('offset: must be an integer');
  if (!Number.isSafeInteger(window.limit) || window.limit < 1)
    throw new InputError('limit: must be a positive integer');
  return window;
}

/** `?offset=` of a stream: where it starts (with `task`), or undefined for the whole log. */
function streamOffsetParam(req: Request, task?: string): number | undefined {
  const offset = req.query.offset;
  if (offset === undefined) return undefined;
  if (!task) throw new InputError('task: is required with offset');
  const value = Number(offset);
  if (!Number.isSafeInteger(value))
    throw new InputError('offset: must be an integer');
  return value;
}

/** A re-check that says the caller may no longer read the run (not a failure to check). */
const isDenial = (e: unknown) =>
  ['NotFoundError', 'NotAllowedError', 'AuthenticationError'].includes(
    (e as Error)?.name,
  );

/**
 * A run's logs (read, streamed) and its steps' Kubernetes Events, each with
 * the run's read permission (`requireRun` answers 404 for what the caller
 * may not see).
 */
export function logRoutes(options: {
  logs: LogService;
  stepEvents: StepEvents;
  runs: RunQueries;
  logger: LoggerService;
  requireRun: (
    req: Request,
    permission: ResourcePermission,
  ) => Promise<{
    cluster: ClusterState;
    credentials: BackstageCredentials;
    run: RunDetail;
  }>;
  slots: StreamSlots;
  maxQueuedBytes?: number;
}) {
  const { logs, stepEvents, runs, logger, requireRun, slots } = options;
  const router = Router();

  router.get('/runs/:namespace/:name/logs', async (req, res) => {
    const window = windowParam(req);
    const task = taskParam(req, false);
    if (window && !task) {
      throw new InputError('task: is required with offset or limit');
    }
    const { cluster, run } = await requireRun(req, workflowRunReadPermission);
    res.json(
      task && window
        ? await logs.readWindow(cluster, run, task, window)
        : await logs.read(cluster, run, task),
    );
  });

  router.get('/runs/:namespace/:name/logs/stream', async (req, res) => {
    const stream = new EventStream(res, options);
    const { cluster, credentials, run } = await requireRun(
      req,
      workflowRunReadPermission,
    );
    const task = taskParam(req, false);
    const offset = streamOffsetParam(req, task);
    if (stream.closed) return;
    stream.onClose(slots.take(userOf(credentials)));
    const abort = new AbortController();
    stream.onClose(() => abort.abort());
    stream.start();
    stream.reauthorize(async () => {
      try {
        await requireRun(req, workflowRunReadPermission);
        return undefined;
      } catch (e) {
        if (!isDenial(e)) throw e;
        return {
          reason: 'denied',
          message: `you may no longer read WorkflowRun '${run.namespace}/${run.name}'`,
        };
      }
    }, credentials.expiresAt);
    await logs
      .follow(
        cluster,
        () => runs.get(cluster, run.namespace, run.name),
        task,
        line => stream.send('line', line),
        abort.signal,
        status => stream.send('status', status),
        offset === undefined
          ? undefined
          : { offset, onStart: start => stream.send('start', start) },
      )
      .catch(e =>
        logger.warn(`log stream of ${run.namespace}/${run.name} ended: ${e}`),
      );
    stream.end('end', {});
  });

  router.get('/runs/:namespace/:name/events', async (req, res) => {
    const { cluster, run } = await requireRun(req, workflowRunReadPermission);
    res.json(await stepEvents.list(cluster, run, taskParam(req, true)!));
  });

  return router;
}
