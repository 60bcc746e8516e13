import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  API,
  mswServer,
  quietStream,
  renderAt,
  runSummary,
} from '../../testUtils';
import {
  isOpenChoreoWorkflowsAvailable,
  parseWorkflowAnnotation,
} from './annotation';
import {
  EntityWorkflowRunsCard,
  EntityWorkflowRunsContent,
} from './EntityWorkflowRuns';

const entity = (annotation?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    annotations: annotation ? { 'openchoreo.dev/workflow': annotation } : {},
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

describe('workflow annotation', () => {
  it.each([
    [
      'Workflow/default/container-build',
      { kind: 'Workflow', namespace: 'default', name: 'container-build' },
    ],
    [
      'ClusterWorkflow/github-stats-report',
      { kind: 'ClusterWorkflow', name: 'github-stats-report' },
    ],
    [
      'default/container-build',
      { kind: 'Workflow', namespace: 'default', name: 'container-build' },
    ],
    ['container-build', undefined],
    ['Workflow//x', undefined],
  ])('parses %s', (value, expected) => {
    expect(parseWorkflowAnnotation(value)).toEqual(expected);
  });

  it('marks entities without it as unavailable', () => {
    expect(isOpenChoreoWorkflowsAvailable(entity())).toBe(false);
    expect(isOpenChoreoWorkflowsAvailable(entity('ClusterWorkflow/x'))).toBe(
      true,
    );
  });
});

describe('entity tab and card', () => {
  const server = mswServer();
  let query: URLSearchParams | undefined;

  beforeEach(() =>
    server.use(
      quietStream,
      http.get(`${API}/runs`, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json({ items: [runSummary({ phase: 'Failed' })] });
      }),
    ),
  );

  it('lists the runs of the annotated workflow', async () => {
    await renderAt(
      '/',
      <EntityProvider entity={entity('Workflow/default/container-build')}>
        <EntityWorkflowRunsContent />
      </EntityProvider>,
    );
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Launch container-build' }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-workflows/workflows/default/container-build',
    );
    expect(Object.fromEntries(query!)).toMatchObject({
      workflow: 'container-build',
      workflowKind: 'Workflow',
      namespace: 'default',
    });
  });

  it('shows the latest runs in a card', async () => {
    await renderAt(
      '/',
      <EntityProvider entity={entity('ClusterWorkflow/github-stats-report')}>
        <EntityWorkflowRunsCard />
      </EntityProvider>,
    );
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(query!.get('limit')).toBe('5');
    expect(query!.get('namespace')).toBeNull();
  });

  it('explains a missing annotation', async () => {
    await renderAt(
      '/',
      <EntityProvider entity={entity()}>
        <EntityWorkflowRunsContent />
      </EntityProvider>,
    );
    expect(screen.getByText('No workflow referenced')).toBeInTheDocument();
  });
});
