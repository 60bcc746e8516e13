import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { WorkflowOwners } from '../permissions/WorkflowOwners';
import { ScheduleService } from '../schedules/ScheduleService';
import { createOpenApiRouter, spec } from '../schema/openapi';
import { ClusterRegistry } from './ClusterRegistry';
import { LogService } from './LogService';
import { RunEvents } from './RunEvents';
import { RunLauncher } from './RunLauncher';
import { RunQueries } from './RunQueries';
import { RunStopper } from './RunStopper';
import { createAccess } from './routes/access';
import { clusterRoutes } from './routes/clusterRoutes';
import { compareRoutes } from './routes/compareRoutes';
import { fieldErrorResponses, namedRequestErrors } from './routes/fieldErrors';
import { launchRoutes } from './routes/launchRoutes';
import { logRoutes } from './routes/logRoutes';
import { runRoutes } from './routes/runRoutes';
import { runStreamRoute } from './routes/runStreamRoute';
import { scheduleRoutes } from './routes/scheduleRoutes';
import { workflowRoutes } from './routes/workflowRoutes';
import { scrubbedPermissions } from './scrubbedPermissions';
import { StepEvents } from './StepEvents';
import { StreamSlots } from './streamSlots';
import { WorkflowService } from './WorkflowService';

export {
  runPermissionResource,
  workflowPermissionResource,
} from './routes/access';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry?: PermissionsRegistryService;
  auditor?: AuditorService;
  clusters: ClusterRegistry;
  workflows: WorkflowService;
  runs: RunQueries;
  launcher: RunLauncher;
  stopper: RunStopper;
  logs: LogService;
  stepEvents: StepEvents;
  events: RunEvents;
  /** Resolves workflow owners for conditional decisions (IS_ENTITY_OWNER). */
  owners?: WorkflowOwners;
  /** Schedules (`/schedules`); without it those routes are not mounted. */
  schedules?: ScheduleService;
  /** The per-user cap of live streams (default: 10 each). */
  streamSlots?: StreamSlots;
}

/**
 * The plugin's REST API, as src/schema/openapi.yaml describes it: requests
 * are validated against the document before any route runs (a 400 naming
 * the field), and the document is served at `/openapi.json`. Every route but
 * `/health` needs a signed-in user or a service (the plugin's auth policy).
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { clusters, logger } = options;
  const streamSlots = options.streamSlots ?? new StreamSlots();
  // JSON bodies are parsed before the document's validator, whose error
  // transformer would turn a body over the limit into a 400: it stays a 413.
  // (Given again as the validator's middleware, where it finds the body parsed,
  // so the generated router does not add its own parser with a 100 kB limit.)
  const jsonBody = express.json({ limit: '1mb' });
  const root = express.Router();
  root.use(jsonBody);
  const router = await createOpenApiRouter({
    middleware: [jsonBody],
    // Backstage's auth (tokens and cookies) checks the caller, not the validator.
    validatorOptions: { validateSecurity: false },
  });
  router.use(namedRequestErrors(spec));
  const permissions = scrubbedPermissions(options.permissions, logger);
  const access = createAccess({ ...options, permissions });

  router.use(clusterRoutes(clusters));
  workflowRoutes(router, { ...options, access });
  launchRoutes(router, { ...options, access });
  compareRoutes(router, { ...options, access });
  runRoutes(router, { ...options, access });
  if (options.schedules) {
    const schedules = options.schedules;
    scheduleRoutes(router, { ...options, schedules, permissions, access });
  }
  router.use(
    logRoutes({
      ...options,
      requireRun: access.requireRun,
      slots: streamSlots,
    }),
  );
  router.use(
    runStreamRoute({
      ...options,
      readableRuns: access.readableRuns,
      slots: streamSlots,
    }),
  );
  router.use(fieldErrorResponses());
  root.use(router);
  return root;
}
