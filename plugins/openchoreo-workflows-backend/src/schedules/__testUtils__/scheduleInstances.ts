/*
 * Plugin instances for the schedules' tests: each on a given database,
 * watching the local control plane, with alice in the catalog.
 */
import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createPermissionIntegrationRouter } from '@backstage/plugin-permission-node';
import {
  OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  eventually,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { readClusterConfigs } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { LABEL_SCHEDULE } from '../../cluster/labels';
import { workflowConditions } from '../../permissions/rules';
import { createServices, Services, startClusters } from '../../pluginServices';
import { StoredOwnerDecisions } from '../ownerDecisions';

/** An owner's decisions that allow reading and launching every workflow, taken now, as a schedule keeps them. */
export const allowedDecisions = (
  at = new Date().toISOString(),
): StoredOwnerDecisions => ({
  read_decision: 'ALLOW',
  read_conditions: null,
  read_decided_at: at,
  launch_decision: 'ALLOW',
  launch_conditions: null,
  launch_decided_at: at,
});

/** A policy's CONDITIONAL decision on workflows: only those labelled `label: value`; and its conditions. */
export function onlyLabelled(label: string, value: string) {
  const conditions = workflowConditions.hasLabel({ label, value });
  const decision: PolicyDecision = {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'openchoreo-workflows',
    resourceType: OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
    conditions,
  };
  return { decision, conditions };
}

/**
 * A plugin's permissions registry outside a backend: the integration router
 * Backstage's own registry service wraps, taking resource types by their ref
 * as that service does (a module adds its rules to it before the plugin
 * starts).
 */
export function testPermissionsRegistry(): PermissionsRegistryService {
  const router = createPermissionIntegrationRouter();
  return {
    addPermissions: permissions => router.addPermissions(permissions),
    addPermissionRules: rules => router.addPermissionRules(rules),
    addResourceType: ({ resourceRef, ...resource }) =>
      router.addResourceType({
        ...resource,
        resourceType: resourceRef.resourceType,
      }),
    getPermissionRuleset: resourceRef =>
      router.getPermissionRuleset(resourceRef),
  };
}

/** `instance(knex)`: a plugin instance; `runsOf(id)`: the runs a schedule launched. Shutdown hooks go to `shutdown`. */
export function scheduleInstances(
  local: () => TestLocalControlPlane,
  shutdown: Array<() => unknown>,
) {
  /**
   * One plugin instance on `knex`: its services, watching the control plane,
   * its resource types registered in `permissionsRegistry` (one per
   * instance), with `schedules` as its `openchoreoWorkflows.schedules`
   * config (by default decisions are kept for ten years: the suites tick
   * yearly schedules years after their decisions were taken).
   */
  async function instance(
    knex: Knex,
    {
      permissionsRegistry = testPermissionsRegistry(),
      schedules = { decisionMaxAge: { years: 10 } },
    }: {
      permissionsRegistry?: PermissionsRegistryService;
      schedules?: JsonObject;
    } = {},
  ): Promise<Services> {
    const lifecycle = mockServices.lifecycle.mock({
      addShutdownHook: hook => {
        shutdown.push(hook);
      },
    });
    const deps = {
      logger: mockServices.logger.mock(),
      config: mockServices.rootConfig({
        data: {
          openchoreoWorkflows: { clusters: [local().clusterConfig], schedules },
        },
      }),
      database: mockServices.database({ knex }),
      scheduler: mockServices.scheduler.mock(),
      lifecycle,
      auth: mockServices.auth(),
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'alice', namespace: 'default' },
            spec: {},
          },
        ],
      }),
      notifications: { send: async () => {} },
      permissionsRegistry,
    };
    const services = await createServices(
      deps,
      readClusterConfigs(deps.config),
    );
    startClusters(services.clusters, deps);
    await eventually(
      () =>
        services.clusters
          .get('local')
          .getWorkflow('Workflow', 'default', 'nightly-data-pipeline') ||
        undefined,
      30_000,
      'the workflow in the cache',
    );
    return services;
  }

  /** Runs in the control plane a schedule launched, by name. */
  async function runsOf(scheduleId: string): Promise<WorkflowRunResource[]> {
    const res = await fetch(
      `${
        local().plane.url
      }/apis/openchoreo.dev/v1alpha1/namespaces/default/workflowruns?labelSelector=${encodeURIComponent(
        `${LABEL_SCHEDULE}=${scheduleId}`,
      )}`,
    );
    return (await res.json()).items;
  }

  return { instance, runsOf };
}

/** Adds a copy of the plane's `default/nightly-data-pipeline` named `name` (with `labels`); returns a function that deletes it. */
export function addPipelineCopy(
  local: TestLocalControlPlane,
  name: string,
  labels?: Record<string, string>,
): () => void {
  const workflows = local.plane.store.registry.get(
    'openchoreo.dev',
    'workflows',
  );
  const { metadata: _metadata, ...rest } = local.plane.store.get(
    workflows,
    'default',
    'nightly-data-pipeline',
  ) as any;
  local.plane.store.create(workflows, {
    ...rest,
    metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
  } as any);
  return () => local.plane.store.delete(workflows, 'default', name);
}
