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
  EntityWorkflowRunsCard,
  EntityWorkflowRunsContent,
} from './EntityWorkflowRuns';

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
  const server = mswServer();
  const asked: Array<string | null> = [];

  beforeEach(() => {
    asked.length = 0;
    server.use(quietStream);
    server.use(
      http.get(`${API}/clusters`, () =>
        HttpResponse.json({
          items: ['a', 'b'].map(name => ({
            name,
            reachable: true,
            since: '2026-11-30T08:00:00Z',
          })),
        }),
      ),
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
    expect(asked).toEqual(['b']);
  });
});
