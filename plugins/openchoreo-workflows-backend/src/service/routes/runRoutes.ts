import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  RunPhase,
  workflowRunDeletePermission,
  workflowRunReadPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { userOf } from '../caller';
import { ClusterRegistry } from '../ClusterRegistry';
import { LogService } from '../LogService';
import { RunQueries, RunQuery } from '../RunQueries';
import { RunStopper } from '../RunStopper';
import { Access } from './access';
import { audited } from './audit';
import { RequestValidationError } from './fieldErrors';
import { ApiRouter, str } from './types';

const PHASES: RunPhase[] = ['Pending', 'Running', 'Succeeded', 'Failed'];

/** `?phase=Running,Failed`: each a phase (the document says a string). */
function phasesOf(phase: string | undefined): RunPhase[] | undefined {
  const phases = phase?.split(',') as RunPhase[] | undefined;
  const unknown = phases?.find(p => !PHASES.includes(p));
  if (unknown !== undefined) {
    throw new RequestValidationError([
      {
        path: 'phase',
        message: `'${unknown}' is not one of ${PHASES.join(', ')}`,
      },
    ]);
  }
  return phases;
}

/** `?param.<path>=<value>`: the parameter values runs were launched with. */
function paramsOf(query: object): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (k.startsWith('param.') && typeof v === 'string') params[k.slice(6)] = v;
  }
  return params;
}

const iso = (v: unknown) =>
  str(v) ? new Date(String(v)).toISOString() : undefined;

/**
 * WorkflowRuns: list, read and stop (delete; audited, with the run's delete
 * permission). Launches and re-runs are in launchRoutes.
 */
export function runRoutes(
  router: ApiRouter,
  options: {
    clusters: ClusterRegistry;
    runs: RunQueries;
    stopper: RunStopper;
    logs: LogService;
    logger: LoggerService;
    auditor?: AuditorService;
    access: Access;
  },
) {
  const { clusters, runs, stopper, logs, logger, auditor, access } = options;

  router.get('/runs', async (req, res) => {
    const credentials = await access.credentialsOf(req);
    const cluster = clusters.get(str(req.query.cluster));
    const launchedBy = str(req.query.launchedBy);
    const query: RunQuery = {
      workflow: str(req.query.workflow),
      workflowKind: req.query.workflowKind,
      schedule: str(req.query.schedule),
      namespace: str(req.query.namespace),
      phases: phasesOf(str(req.query.phase)),
      launchedBy: launchedBy === 'me' ? userOf(credentials) : launchedBy,
      since: iso(req.query.since),
      until: iso(req.query.until),
      params: paramsOf(req.query),
      limit: req.query.limit,
      cursor: str(req.query.cursor),
    };
    res.json(
      await runs.list(
        cluster,
        query,
        await access.readableRuns(credentials, cluster),
      ),
    );
  });

  router.get('/runs/:namespace/:name', async (req, res) => {
    const { run } = await access.requireRun(req, workflowRunReadPermission);
    res.json(run);
  });

  router.delete('/runs/:namespace/:name', async (req, res) => {
    const { cluster, credentials } = await access.requireRun(
      req,
      workflowRunDeletePermission,
    );
    const { namespace, name } = req.params;
    const stopped = await audited(
      auditor,
      req,
      'workflow-run-stop',
      { cluster: cluster.name, namespace, name },
      () =>
        stopper.stop(
          cluster,
          namespace,
          name,
          userOf(credentials),
          async run => {
            await logs
              .read(cluster, run)
              .catch(e =>
                logger.warn(`keeping logs of ${namespace}/${name}: ${e}`),
              );
          },
        ),
    );
    res.json(stopped);
  });
}
