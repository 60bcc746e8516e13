import { loadFixture, loadFixtureDocs } from '../schema/__testUtils__/fixtures';
import {
  descriptionOf,
  displayNameOf,
  isComponentRun,
  isGenericWorkflow,
  workflowTypeOf,
} from './display';

describe('display helpers', () => {
  it('reads display name and description annotations from the fixtures', () => {
    const wf = loadFixture('sample-github-stats-report-clusterworkflow.yaml');
    expect(displayNameOf(wf)).toBe('github-stats-report');
    expect(descriptionOf(wf)).toBe(
      'Fetch GitHub repository statistics, transform the data, and generate a formatted report',
    );
    expect(
      displayNameOf({
        metadata: {
          name: 'x',
          annotations: { 'openchoreo.dev/display-name': ' Nice Name ' },
        },
      }),
    ).toBe('Nice Name');
    expect(
      displayNameOf({
        metadata: {
          name: 'x',
          annotations: { 'openchoreo.dev/display-name': ' ' },
        },
      }),
    ).toBe('x');
    expect(descriptionOf({ metadata: { name: 'x' } })).toBeUndefined();
  });

  it('tells component CI workflows (v1 label, v0.17 annotation) from generic ones', () => {
    expect(
      workflowTypeOf(
        loadFixture('sample-dockerfile-builder-clusterworkflow.yaml'),
      ),
    ).toBe('component');
    expect(
      workflowTypeOf(
        loadFixture('sample-github-stats-report-clusterworkflow.yaml'),
      ),
    ).toBe('generic');
    expect(
      workflowTypeOf(
        loadFixture('sample-v0.17-bulk-gitops-release-workflow.yaml'),
      ),
    ).toBe('generic');
    expect(
      workflowTypeOf({
        metadata: {
          name: 'x',
          annotations: { 'openchoreo.dev/workflow-scope': 'component' },
        },
      }),
    ).toBe('component');
    expect(
      isGenericWorkflow({
        metadata: {
          name: 'x',
          labels: { 'openchoreo.dev/workflow-type': 'other' },
        },
      }),
    ).toBe(true);
  });

  it('marks runs with a project or component label as component runs', () => {
    const run = loadFixtureDocs('sample-scm-github-create-repo.yaml').find(
      d => d.kind === 'WorkflowRun',
    );
    expect(isComponentRun(run)).toBe(false);
    expect(
      isComponentRun({
        metadata: { name: 'r', labels: { 'openchoreo.dev/component': 'c' } },
      }),
    ).toBe(true);
    expect(
      isComponentRun({
        metadata: { name: 'r', labels: { 'openchoreo.dev/project': 'p' } },
      }),
    ).toBe(true);
  });
});
