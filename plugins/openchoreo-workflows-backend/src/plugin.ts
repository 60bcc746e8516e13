import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  openchoreoWorkflowsPermissions,
  WorkflowKind,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  ClusterConfig,
  createEvaluatorFromConfig,
  openchoreoWorkflowsClustersExtensionPoint,
  readClusterConfigs,
  readDefaultWorkflowOwner,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ClusterState } from './cluster/ClusterState';
import { RunArchive } from './database/RunArchive';
import { scheduleRetention } from './database/retentionTask';
import {
  runResourceRef,
  runRules,
  workflowResourceRef,
  workflowRules,
} from './permissions/rules';
import { ClusterRegistry } from './service/ClusterRegistry';
import { LogService } from './service/LogService';
import { Observers } from './observer/Observers';
import { StepEvents } from './service/StepEvents';
import {
  createRouter,
  runPermissionResource,
  workflowPermissionResource,
} from './service/router';
import { StreamSlots } from './service/streamSlots';
import { WorkflowOwners } from './permissions/WorkflowOwners';
import { RunDiagnoses } from './service/diagnosis';
import { RunEvents } from './service/RunEvents';
import { RunNotifier } from './service/RunNotifier';
import { RunArchiver } from './service/RunArchiver';
import { RunLauncher } from './service/RunLauncher';
import { RunQueries } from './service/RunQueries';
import { RunStopper } from './service/RunStopper';
import { WorkflowService } from './service/WorkflowService';
import { WorkflowWarnings } from './service/WorkflowWarnings';

/**
 * The `openchoreo-workflows` backend plugin.
 *
 * @public
 */
export const openchoreoWorkflowsPlugin = createBackendPlugin({
  pluginId: 'openchoreo-workflows',
  register(env) {
    // Clusters that modules add (the local control plane module, for one).
    const addedClusters: ClusterConfig[] = [];
    let initialized = false;
    env.registerExtensionPoint(openchoreoWorkflowsClustersExtensionPoint, {
      addCluster(cluster) {
        if (initialized) {
          throw new Error(
            `cluster '${cluster.name}' was added after the openchoreo-workflows plugin started`,
          );
        }
        addedClusters.push(cluster);
      },
    });
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { httpRouter, logger, config, lifecycle } = deps;
        // Previews and launches evaluate workflows in worker threads.
        const evaluator = createEvaluatorFromConfig(config, {
          onError: e => logger.warn(`evaluation worker failed: ${e}`),
        });
        lifecycle.addShutdownHook(() => evaluator.close());
        initialized = true;
        const configured = [...readClusterConfigs(config), ...addedClusters];
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
        const notificationsConfig = config.getOptionalConfig(
          'openchoreoWorkflows.notifications',
        );
        if (notificationsConfig?.getOptionalBoolean('enabled') ?? true) {
          const notifier = new RunNotifier({
            db: await deps.database.getClient(),
            notifications: deps.notifications,
            logger,
            notifyOwner: notificationsConfig?.getOptionalBoolean('notifyOwner'),
            ownerOf: (c, w) => owners.ownerOf(c, w),
            isDefaultCluster: c => c === clusters.all()[0]?.name,
          });
          for (const cluster of clusters.all()) notifier.track(cluster);
          notifier.start();
          lifecycle.addShutdownHook(() => notifier.stop());
        }

        deps.permissionsRegistry.addResourceType({
          resourceRef: workflowResourceRef,
          permissions: openchoreoWorkflowsPermissions.filter(
            p =>
              'resourceType' in p &&
              p.resourceType === workflowResourceRef.resourceType,
          ),
          rules: Object.values(workflowRules),
          getResources: async refs =>
            Promise.all(
              refs.map(async ref => {
                // ref: <cluster>:<kind>:<namespace>/<name>
                const m =
                  /^([^:]+):(Workflow|ClusterWorkflow):([^/]*)\/(.+)$/.exec(
                    ref,
                  );
                if (!m) return undefined;
                const cluster = clusters.all().find(c => c.name === m[1]);
                const w = cluster?.getWorkflow(m[2], m[3] || undefined, m[4]);
                if (!w || !cluster) return undefined;
                const workflow = { ...w, kind: m[2] as WorkflowKind };
                return {
                  ...workflowPermissionResource(cluster.name, workflow),
                  owner: await owners.ownerOf(cluster.name, workflow),
                };
              }),
            ),
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: runResourceRef,
          permissions: openchoreoWorkflowsPermissions.filter(
            p =>
              'resourceType' in p &&
              p.resourceType === runResourceRef.resourceType,
          ),
          rules: Object.values(runRules),
          getResources: async refs =>
            Promise.all(
              refs.map(async ref => {
                const m = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
                const cluster = m && clusters.all().find(c => c.name === m[1]);
                if (!m || !cluster) return undefined;
                const run = await runs
                  .get(cluster, m[2], m[3])
                  .catch(() => undefined);
                return run ? runPermissionResource(run) : undefined;
              }),
            ),
        });

        httpRouter.use(
          await createRouter({
            ...deps,
            clusters,
            workflows,
            runs,
            launcher,
            stopper,
            logs,
            stepEvents,
            events,
            owners,
            streamSlots: StreamSlots.fromConfig(config),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        // Caches fill in the background; reads before that see what is there so far.
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
      },
    });
  },
});
