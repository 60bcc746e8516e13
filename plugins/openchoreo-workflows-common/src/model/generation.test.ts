import {
  loadFixture,
  loadFixtureDocs,
  loadLocalFixture,
} from '../schema/__testUtils__/fixtures';
import {
  detectGeneration,
  runWorkflowKind,
  workflowPlaneNamespace,
} from './generation';
import { WorkflowResource, WorkflowRunResource } from './types';

const wf = (
  kind: 'Workflow' | 'ClusterWorkflow',
  spec: object,
): WorkflowResource =>
  ({
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind,
    metadata: { name: 'w' },
    spec: { runTemplate: {}, ...spec },
  } as WorkflowResource);

describe('detectGeneration', () => {
  it('reads the fixtures of both generations', () => {
    expect(
      detectGeneration(
        loadFixture('sample-github-stats-report-clusterworkflow.yaml'),
      ),
    ).toBe('v1');
    expect(
      detectGeneration(
        loadFixture('sample-dockerfile-builder-clusterworkflow.yaml'),
      ),
    ).toBe('v1');
    expect(
      detectGeneration(
        loadFixtureDocs('sample-aws-rds-postgres-create.yaml').find(
          d => d.kind === 'Workflow' && d.apiVersion.startsWith('openchoreo'),
        ),
      ),
    ).toBe('v1');
    expect(
      detectGeneration(
        loadFixture('sample-v0.17-github-stats-report-workflow.yaml'),
      ),
    ).toBe('v0');
    expect(
      detectGeneration(
        loadFixture('sample-v0.17-bulk-gitops-release-workflow.yaml'),
      ),
    ).toBe('v0');
    expect(
      detectGeneration(
        loadLocalFixture('seed-generic-workflow-docker-build.yaml'),
      ),
    ).toBe('v0');
  });

  it('uses plane refs and kind when there is no schema', () => {
    expect(
      detectGeneration(
        wf('Workflow', {
          buildPlaneRef: { kind: 'BuildPlane', name: 'default' },
        }),
      ),
    ).toBe('v0');
    expect(
      detectGeneration(
        wf('Workflow', {
          workflowPlaneRef: { kind: 'WorkflowPlane', name: 'p' },
        }),
      ),
    ).toBe('v1');
    expect(detectGeneration(wf('ClusterWorkflow', {}))).toBe('v1');
    expect(detectGeneration(wf('Workflow', {}))).toBe('v1');
  });
});

describe('workflowPlaneNamespace', () => {
  it('is workflows-<ns> in v1 and openchoreo-ci-<ns> in v0', () => {
    expect(workflowPlaneNamespace('v1', 'default')).toBe('workflows-default');
    expect(workflowPlaneNamespace('v0', 'default')).toBe(
      'openchoreo-ci-default',
    );
  });
});

describe('runWorkflowKind', () => {
  const run = (kind?: string) =>
    ({
      spec: { workflow: { name: 'x', ...(kind ? { kind } : {}) } },
    } as unknown as WorkflowRunResource);
  it('uses the explicit kind, else the CRD default (v1) or Workflow (v0)', () => {
    expect(runWorkflowKind(run('Workflow'))).toBe('Workflow');
    expect(runWorkflowKind(run('ClusterWorkflow'), 'v0')).toBe(
      'ClusterWorkflow',
    );
    expect(runWorkflowKind(run())).toBe('ClusterWorkflow');
    expect(runWorkflowKind(run(), 'v0')).toBe('Workflow');
    expect(
      runWorkflowKind(
        loadFixture('sample-github-stats-report-workflowrun.yaml'),
      ),
    ).toBe('ClusterWorkflow');
  });
});
