import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  clustersAnswer,
  containerBuild,
  pageServer,
  pendingRun,
  renderAt,
  runSummary,
} from '../../testUtils';
import {
  isOpenChoreoWorkflowsAvailable,
  parseWorkflowAnnotation,
} from './annotation';
import {
  EntityWorkflowLaunchContent,
  EntityWorkflowRunsCard,
  EntityWorkflowRunsContent,
} from './EntityWorkflowRuns';

/** One backend for the file, answering the pages' background requests. */
const server = pageServer();

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
  let query: URLSearchParams | undefined;

  beforeEach(() =>
    server.use(
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
    // "All runs" opens the run history on this workflow alone (not a Workflow of the same name).
    expect(screen.getByRole('link', { name: /All runs/ })).toHaveAttribute(
      'href',
      '/openchoreo-workflows/runs?workflow=github-stats-report&workflowKind=ClusterWorkflow',
    );
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

/** The catalog provider's entity of a workflow on cluster `b` (not the default). */
const onB: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'container-build',
    annotations: {
      'openchoreo.dev/workflow': 'Workflow/default/container-build',
      'openchoreo.dev/cluster': 'b',
    },
  },
  spec: { type: 'openchoreo-workflow', owner: 'team-a' },
};

describe('entity tab and card of a workflow on another cluster', () => {
  const asked: Array<string | null> = [];

  afterEach(() => server.events.removeAllListeners());
  beforeEach(() => {
    asked.length = 0;
    server.use(
      clustersAnswer('a', 'b'),
      http.get(`${API}/runs`, ({ request }) => {
        const cluster = new URL(request.url).searchParams.get('cluster');
        asked.push(cluster);
        return HttpResponse.json({
          items:
            cluster === 'b'
              ? [runSummary({ cluster: 'b', name: 'run-on-b' })]
              : [],
        });
      }),
    );
  });

  it('the tab lists the runs of the openchoreo.dev/cluster annotation’s cluster and launches there', async () => {
    await renderAt(
      '/',
      <EntityProvider entity={onB}>
        <EntityWorkflowRunsContent />
      </EntityProvider>,
    );
    expect(
      await screen.findByRole('link', { name: 'run-on-b' }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-workflows/runs/default/run-on-b?cluster=b',
    );
    expect(
      await screen.findByRole('button', { name: 'Launch container-build' }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-workflows/workflows/default/container-build?cluster=b',
    );
    expect(asked).toEqual(['b']);
  });

  it('the card does too', async () => {
    await renderAt(
      '/',
      <EntityProvider entity={onB}>
        <EntityWorkflowRunsCard />
      </EntityProvider>,
    );
    expect(
      await screen.findByRole('link', { name: 'run-on-b' }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Launch' })).toHaveAttribute(
      'href',
      '/openchoreo-workflows/workflows/default/container-build?cluster=b',
    );
    expect(screen.getByRole('link', { name: /All runs/ })).toHaveAttribute(
      'href',
      '/openchoreo-workflows/runs?workflow=container-build&workflowKind=Workflow&namespace=default&cluster=b',
    );
    expect(asked).toEqual(['b']);
  });

  it('the launch tab loads, previews and launches on the annotation’s cluster, not the page’s ?cluster=', async () => {
    /** `METHOD path cluster` of each request below the API. */
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      const path = url.pathname.slice(new URL(API).pathname.length);
      seen.push(`${request.method} ${path} ${url.searchParams.get('cluster')}`);
    });
    const workflow = `${API}/workflows/default/container-build`;
    server.use(
      http.get(workflow, () =>
        HttpResponse.json({ ...containerBuild, cluster: 'b' }),
      ),
      http.post(`${workflow}/preview`, () =>
        HttpResponse.json({ parameters: {}, errors: [], objects: [] }),
      ),
      http.get(`${API}/workflows`, () => HttpResponse.json({ items: [] })),
      http.post(`${API}/runs`, () =>
        HttpResponse.json(pendingRun({ cluster: 'b' }), { status: 201 }),
      ),
    );
    await renderAt(
      '/?cluster=a',
      <EntityProvider entity={onB}>
        <EntityWorkflowLaunchContent />
      </EntityProvider>,
    );
    await userEvent.type(
      await screen.findByLabelText(/Repository URL/),
      'https://github.com/acme/shop',
    );
    // It says where it launches, with no picker to launch elsewhere.
    expect(await screen.findByText('Cluster b')).toBeInTheDocument();
    expect(screen.queryByLabelText('Cluster')).not.toBeInTheDocument();
    await waitFor(() =>
      expect(seen).toContain(
        'POST /workflows/default/container-build/preview b',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(seen).toContain('POST /runs b'));
    expect(seen).toContain('GET /workflows/default/container-build b');
    // The run namespaces offered are those of cluster b's workflows.
    expect(seen).toContain('GET /workflows b');
    expect(seen.filter(request => !request.endsWith(' b'))).toEqual([
      'GET /clusters null',
    ]);
  });
});
