import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  RunDetail,
  workflowRunReadPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Request } from 'express';
import Router from 'express-promise-router';
import { ClusterState } from '../cluster/ClusterState';
import { LogService } from './LogService';
import { RunService } from './RunService';
import { sendEvent, startEventStream } from './sse';
import { StepEvents } from './StepEvents';

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

/**
 * A run's logs (read, streamed) and its steps' Kubernetes Events, each with
 * the run's read permission (`requireRun` answers 404 for what the caller
 * may not see).
 */
export function logRoutes(options: {
  logs: LogService;
  stepEvents: StepEvents;
  runs: RunService;
  logger: LoggerService;
  requireRun: (
    req: Request,
    permission: ResourcePermission,
  ) => Promise<{ cluster: ClusterState; run: RunDetail }>;
}) {
  const { logs, stepEvents, runs, logger, requireRun } = options;
  const router = Router();

  router.get('/runs/:namespace/:name/logs', async (req, res) => {
    const { cluster, run } = await requireRun(req, workflowRunReadPermission);
    res.json(await logs.read(cluster, run, taskParam(req, false)));
  });

  router.get('/runs/:namespace/:name/logs/stream', async (req, res) => {
    const { cluster, run } = await requireRun(req, workflowRunReadPermission);
    const task = taskParam(req, false);
    const abort = new AbortController();
    startEventStream(res, () => abort.abort());
    await logs
      .follow(
        cluster,
        () => runs.get(cluster, run.namespace, run.name),
        task,
        line => sendEvent(res, 'line', line),
        abort.signal,
        status => sendEvent(res, 'status', status),
      )
      .catch(e =>
        logger.warn(`log stream of ${run.namespace}/${run.name} ended: ${e}`),
      );
    if (!abort.signal.aborted) res.end('event: end\ndata: {}\n\n');
  });

  router.get('/runs/:namespace/:name/events', async (req, res) => {
    const { cluster, run } = await requireRun(req, workflowRunReadPermission);
    res.json(await stepEvents.list(cluster, run, taskParam(req, true)!));
  });

  return router;
}
