import {
  AuthService,
  DatabaseService,
  LifecycleService,
  LoggerService,
  PermissionsRegistryService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ClusterConfig,
  createEvaluatorFromConfig,
  readDefaultWorkflowOwner,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ClusterState } from './cluster/ClusterState';
import { RunArchive } from './database/RunArchive';
import { scheduleRetention } from './database/retentionTask';
import { Observers } from './observer/Observers';
import { registerPermissionResourceTypes } from './permissions/resourceTypes';
import { WorkflowOwners } from './permissions/WorkflowOwners';
import { ClusterRegistry } from './service/ClusterRegistry';
import { RunDiagnoses } from './service/diagnosis';
import { LogService } from './service/LogService';
import { RunArchiver } from './service/RunArchiver';
import { RunEvents } from './service/RunEvents';
import { RunLauncher } from './service/RunLauncher';
import { RunNotifier } from './service/RunNotifier';
import { RunQueries } from './service/RunQueries';
import { catalogOwnerCheck, startSchedules } from './schedules/startSchedules';
import { allChecks, launchDecisionCheck } from './schedules/launchDecision';
import { RunStopper } from './service/RunStopper';
import { StepEvents } from './service/StepEvents';
import { WorkflowService } from './service/WorkflowService';
import { WorkflowWarnings } from './service/WorkflowWarnings';

/** The plugin's dependencies its services are built from. */
export interface ServiceDeps {
  logger: LoggerService;
  config: RootConfigService;
  database: DatabaseService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  auth: AuthService;
  catalog: CatalogService;
  notifications: NotificationService;
  /** Where the plugin registers its resource types and rules, and reads every rule from (modules may add rules). */
  permissionsRegistry: PermissionsRegistryService;
}

/** The services the routes use, built by {@link createServices}. */
export type Services = Awaited<ReturnType<typeof createServices>>;

/**
 * The plugin's services over the configured clusters: the evaluator, the run
 * archive (with its retention task), the queries and actions the routes use,
 * and what follows each cluster's changes (archiver, events, diagnoses,
 * warnings). The permission resource types are registered with their rules;
 * nothing is watched yet: {@link startClusters} does that.
 */
export async function createServices(
  deps: ServiceDeps,
  configured: ClusterConfig[],
) {
  const { logger, config, lifecycle } = deps;
  // Previews and launches evaluate workflows in worker threads.
  const evaluator = createEvaluatorFromConfig(config, {
    onError: e => logger.warn(`evaluation worker failed: ${e}`),
  });
  lifecycle.addShutdownHook(() => evaluator.close());
  if (configured.length === 0) {
    logger.warn(
      'No OpenChoreo cluster is configured (openchoreoWorkflows.clusters)',
    );
  }
  const clusters = new ClusterRegistry(
    configured.map(c => new ClusterState(c, logger)),
  );
  const archive = await RunArchive.create({ database: deps.database });
  await scheduleRetention({
    config,
    scheduler: deps.scheduler,
    history: archive.history,
    logger,
  });
  const diagnoses = new RunDiagnoses(evaluator, logger);
  const warnings = new WorkflowWarnings(evaluator, logger);
  const workflows = new WorkflowService(evaluator, warnings);
  const runs = new RunQueries({ archive, diagnoses });
  const launcher = new RunLauncher({
    workflows,
    archive,
    evaluator,
    diagnoses,
    runs,
  });
  const stopper = new RunStopper({ archive, runs });
  const archiver = new RunArchiver({ archive, logger });
  const logs = new LogService({
    archive,
    logger,
    observers: new Observers(configured, logger),
  });
  const stepEvents = new StepEvents({ logger });
  const events = new RunEvents(diagnoses);
  for (const cluster of clusters.all()) {
    archiver.track(cluster);
    events.track(cluster);
    diagnoses.track(cluster);
    warnings.track(cluster);
  }
  const owners = new WorkflowOwners({
    catalog: deps.catalog,
    auth: deps.auth,
    logger,
    defaultOwner: readDefaultWorkflowOwner(config),
    defaultCluster: () => clusters.all()[0]?.name,
  });
  const { schedules, ticker } = await startSchedules({
    ...deps,
    clusters,
    workflows,
    launcher,
    ownerCheck: allChecks(
      launchDecisionCheck({
        owners,
        permissionsRegistry: deps.permissionsRegistry,
      }),
      catalogOwnerCheck(deps),
    ),
  });
  registerPermissionResourceTypes(
    deps.permissionsRegistry,
    clusters,
    owners,
    runs,
  );
  return {
    clusters,
    schedules,
    ticker,
    workflows,
    runs,
    launcher,
    stopper,
    logs,
    stepEvents,
    events,
    owners,
  };
}

/** Notifies of finished runs, unless `openchoreoWorkflows.notifications.enabled` is false. */
export async function startNotifier(
  deps: ServiceDeps,
  { clusters, owners }: Pick<Services, 'clusters' | 'owners'>,
) {
  const notificationsConfig = deps.config.getOptionalConfig(
    'openchoreoWorkflows.notifications',
  );
  if (!(notificationsConfig?.getOptionalBoolean('enabled') ?? true)) return;
  const notifier = new RunNotifier({
    db: await deps.database.getClient(),
    notifications: deps.notifications,
    logger: deps.logger,
    notifyOwner: notificationsConfig?.getOptionalBoolean('notifyOwner'),
    ownerOf: (c, w) => owners.ownerOf(c, w),
    isDefaultCluster: c => c === clusters.all()[0]?.name,
  });
  for (const cluster of clusters.all()) notifier.track(cluster);
  notifier.start();
  deps.lifecycle.addShutdownHook(() => notifier.stop());
}

/** Starts the clusters' watch caches; they fill in the background, and reads before that see what is there so far. */
export function startClusters(
  clusters: ClusterRegistry,
  { logger, lifecycle }: Pick<ServiceDeps, 'logger' | 'lifecycle'>,
) {
  clusters.start().then(
    () =>
      logger.info(
        `watch caches ready for ${clusters
          .all()
          .map(c => c.name)
          .join(', ')}`,
      ),
    e => logger.error(`starting watch caches failed: ${e}`),
  );
  lifecycle.addShutdownHook(() => clusters.stop());
}
