import {
  applyDefaults,
  buildParameterSchema,
  type WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type {
  RunDetail,
  RunEvent,
  RunSummary,
  WorkflowDetail,
  WorkflowSummary,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  argoArguments,
  argoRunTemplate,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common/testUtils';

/*
 * Realistic data modelled on the seed's container-build workflow: a v1
 * Workflow whose form schema and defaults come from the common package, as
 * the backend builds them (nested objects with `default: {}` so Kubernetes
 * structural defaulting fills their children).
 */

export const containerBuildWorkflow: WorkflowResource = {
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'Workflow',
  metadata: {
    name: 'container-build',
    namespace: 'default',
    annotations: {
      'openchoreo.dev/display-name': 'Container build',
      'openchoreo.dev/description':
        'Builds a container image from a Git repository and pushes it.',
    },
  },
  spec: {
    parameters: {
      openAPIV3Schema: {
        type: 'object',
        required: ['repository'],
        properties: {
          repository: {
            type: 'object',
            title: 'Repository',
            default: {},
            required: ['url'],
            properties: {
              url: {
                type: 'string',
                title: 'Repository URL',
                description: 'HTTPS URL of the Git repository',
                pattern: '^https://',
              },
              revision: {
                type: 'object',
                title: 'Revision',
                default: {},
                properties: {
                  branch: { type: 'string', title: 'Branch', default: 'main' },
                  commit: { type: 'string', title: 'Commit' },
                },
              },
              appPath: { type: 'string', title: 'App path', default: '.' },
            },
          },
          platform: {
            type: 'string',
            title: 'Platform',
            enum: ['linux/amd64', 'linux/arm64'],
            default: 'linux/amd64',
          },
          buildArgs: {
            type: 'object',
            title: 'Build arguments',
            additionalProperties: { type: 'string' },
          },
        },
      },
    },
    runTemplate: argoRunTemplate({
      ...argoArguments([
        { name: 'git-url', value: '${parameters.repository.url}' },
        {
          name: 'git-branch',
          value: '${parameters.repository.revision.branch}',
        },
      ]),
      workflowTemplateRef: { name: 'container-build', clusterScope: true },
    }),
    ttlAfterCompletion: '1d',
  },
};

const containerBuildParameters = buildParameterSchema(containerBuildWorkflow);

export const containerBuildDefaults = applyDefaults(
  containerBuildParameters.jsonSchema,
  {},
);

export const containerBuildSummary: WorkflowSummary = {
  kind: 'Workflow',
  name: 'container-build',
  namespace: 'default',
  cluster: 'default',
  generation: 'v1',
  title: 'Container build',
  description: 'Builds a container image from a Git repository and pushes it.',
  type: 'generic',
  labels: {},
  annotations: { 'openchoreo.dev/display-name': 'Container build' },
  createdAt: '2026-11-20T09:00:00Z',
  lastRun: {
    name: 'container-build-abc12',
    namespace: 'default',
    phase: 'Succeeded',
    createdAt: '2026-11-27T08:00:00Z',
    completedAt: '2026-11-27T08:03:10Z',
  },
  schemaErrorCount: 0,
  warnings: [],
};

export const containerBuild: WorkflowDetail = {
  ...containerBuildSummary,
  jsonSchema: containerBuildParameters.jsonSchema,
  uiSchema: containerBuildParameters.uiSchema,
  schemaErrors: containerBuildParameters.errors,
  defaults: containerBuildDefaults,
  runTemplate: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow' },
  resourceIds: [],
  ttlAfterCompletion: '1d',
};

export const githubStatsSummary: WorkflowSummary = {
  kind: 'ClusterWorkflow',
  name: 'github-stats-report',
  cluster: 'default',
  generation: 'v0',
  title: 'GitHub stats report',
  description: 'Collects repository statistics.',
  type: 'generic',
  labels: {},
  annotations: {},
  schemaErrorCount: 2,
  warnings: [],
};

export const runSummary = (
  overrides: Partial<RunSummary> = {},
): RunSummary => ({
  cluster: 'default',
  name: 'container-build-abc12',
  namespace: 'default',
  workflow: { kind: 'Workflow', name: 'container-build', namespace: 'default' },
  generation: 'v1',
  phase: 'Succeeded',
  launchedBy: 'user:default/jane.doe',
  createdAt: '2026-11-27T08:00:00Z',
  startedAt: '2026-11-27T08:00:01Z',
  completedAt: '2026-11-27T08:03:10Z',
  durationMs: 189000,
  parameters: {
    repository: {
      url: 'https://github.com/acme/shop',
      revision: { branch: 'main' },
      appPath: '.',
    },
    platform: 'linux/amd64',
  },
  taskCount: 3,
  tasksSucceeded: 3,
  archived: false,
  ...overrides,
});

export const runDetail = (overrides: Partial<RunDetail> = {}): RunDetail => ({
  ...runSummary(),
  tasks: [
    {
      name: 'clone',
      phase: 'Succeeded',
      startedAt: '2026-11-27T08:00:05Z',
      completedAt: '2026-11-27T08:00:20Z',
      durationMs: 15000,
    },
    {
      name: 'build',
      phase: 'Succeeded',
      startedAt: '2026-11-27T08:00:21Z',
      completedAt: '2026-11-27T08:02:50Z',
      durationMs: 149000,
    },
    {
      name: 'push',
      phase: 'Succeeded',
      startedAt: '2026-11-27T08:02:51Z',
      completedAt: '2026-11-27T08:03:09Z',
      durationMs: 18000,
    },
  ],
  conditions: [],
  runReference: {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    name: 'container-build-abc12',
    namespace: 'workflows-default',
  },
  outputs: {},
  labels: {},
  annotations: {},
  ...overrides,
});

/**
 * A live-stream event as the backend sends it (RunEvents.ts): the run with its
 * steps, conditions and run reference, without outputs, labels and
 * annotations; `archived` only when it was deleted.
 */
export const runEvent = (
  type: RunEvent['type'],
  run: RunDetail,
): RunEvent & { run: Required<Pick<RunDetail, 'tasks' | 'conditions'>> } => {
  const { outputs: _o, labels: _l, annotations: _a, ...rest } = run;
  return { type, run: { ...rest, archived: type === 'DELETED' } };
};

/** The same run while its second step (`build`) runs. */
export const runningRun = (overrides: Partial<RunDetail> = {}): RunDetail => {
  const [clone, build, push] = runDetail().tasks;
  return runDetail({
    phase: 'Running',
    completedAt: undefined,
    durationMs: undefined,
    tasksSucceeded: 1,
    tasks: [
      clone,
      { name: build.name, phase: 'Running', startedAt: build.startedAt },
      { name: push.name, phase: 'Pending' },
    ],
    ...overrides,
  });
};

/** The same run just created: Pending, no step, not started. */
export const pendingRun = (overrides: Partial<RunDetail> = {}): RunDetail =>
  runDetail({
    phase: 'Pending',
    tasks: [],
    startedAt: undefined,
    completedAt: undefined,
    durationMs: undefined,
    tasksSucceeded: 0,
    ...overrides,
  });
