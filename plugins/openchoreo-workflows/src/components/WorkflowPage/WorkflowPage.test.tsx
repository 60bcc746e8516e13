import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  containerBuild,
  errorBody,
  githubStatsSummary,
  pageServer,
  pendingRun,
  renderPage,
  runDetail,
} from '../../testUtils';

/** Opens the container build's page, types the repository URL and launches. */
async function launchWithRepository(url: string) {
  await renderPage('/workflows/default/container-build');
  await userEvent.type(await screen.findByLabelText(/Repository URL/), url);
  await userEvent.click(screen.getByRole('button', { name: 'Launch' }));
}

describe('WorkflowPage', () => {
  const server = pageServer();
  const previews: any[] = [];

  beforeEach(() => {
    previews.length = 0;
    server.use(
      http.get(`${API}/workflows/default/container-build`, () =>
        HttpResponse.json(containerBuild),
      ),
      http.get(`${API}/workflows`, () =>
        HttpResponse.json({ items: [containerBuild] }),
      ),
      http.get(`${API}/runs`, () => HttpResponse.json({ items: [] })),
      http.post(
        `${API}/workflows/default/container-build/preview`,
        async ({ request }) => {
          const body = (await request.json()) as any;
          previews.push(body);
          return HttpResponse.json({
            parameters: body.parameters,
            errors: [],
            objects: [
              {
                apiVersion: 'argoproj.io/v1alpha1',
                kind: 'Workflow',
                metadata: {
                  name: 'container-build-preview',
                  namespace: 'workflows-default',
                },
                spec: {
                  arguments: {
                    parameters: [{ name: 'git-branch', value: 'main' }],
                  },
                },
              },
            ],
          });
        },
      ),
    );
  });

  it('shows the description, defaults in the form and a YAML preview', async () => {
    await renderPage('/workflows/default/container-build');
    expect(
      await screen.findByRole('heading', { name: 'Container build' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Builds a container image/)).toBeInTheDocument();
    expect(screen.getByLabelText('Branch')).toHaveValue('main');
    expect(screen.getByLabelText('App path')).toHaveValue('.');
    expect(screen.getByText('Repository URL')).toBeInTheDocument();
    expect(
      screen.getByText('HTTPS URL of the Git repository'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Run namespace')).toHaveValue('default');
    expect(
      await screen.findByLabelText(
        'Run resource: Workflow container-build-preview as YAML',
      ),
    ).toHaveTextContent('git-branch');
    expect(previews[0]).toEqual({
      namespace: 'default',
      parameters: expect.objectContaining({ platform: 'linux/amd64' }),
    });
    expect(
      screen.getByText('This workflow has not run yet.'),
    ).toBeInTheDocument();
  });

  it('shows a server field error next to its field', async () => {
    server.use(
      http.post(`${API}/runs`, () =>
        errorBody('InputError', 'Invalid parameters', 400, {
          request: { method: 'POST', url: '/runs' },
          fieldErrors: [
            { path: 'repository.url', message: 'must match "^https://"' },
          ],
        }),
      ),
    );
    await launchWithRepository('https://github.com/acme/shop');
    expect(
      await screen.findByText('must match "^https://"'),
    ).toBeInTheDocument();
    // Tied to its field: the input is described by the error.
    expect(screen.getByLabelText(/Repository URL/)).toHaveAccessibleDescription(
      expect.stringContaining('must match "^https://"'),
    );
    // Editing the field clears its server error.
    await userEvent.type(screen.getByLabelText(/Repository URL/), '/');
    expect(
      screen.queryByText('must match "^https://"'),
    ).not.toBeInTheDocument();
  });

  it('checks required fields before launching', async () => {
    const launch = jest.fn();
    server.use(http.post(`${API}/runs`, launch));
    await renderPage('/workflows/default/container-build');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Launch' }),
    );
    expect(
      await screen.findByText(/must have required property/),
    ).toBeInTheDocument();
    expect(launch).not.toHaveBeenCalled();
  });

  it('launches and opens the new run', async () => {
    let launched: any;
    server.use(
      http.post(`${API}/runs`, async ({ request }) => {
        launched = await request.json();
        return HttpResponse.json(
          pendingRun({ name: 'container-build-new01' }),
          {
            status: 201,
          },
        );
      }),
      http.get(`${API}/runs/default/container-build-new01`, () =>
        HttpResponse.json(pendingRun({ name: 'container-build-new01' })),
      ),
    );
    await launchWithRepository('https://github.com/acme/shop');
    expect(
      await screen.findByRole('heading', { name: 'container-build-new01' }),
    ).toBeInTheDocument();
    expect(launched).toMatchObject({
      namespace: 'default',
      workflow: {
        kind: 'Workflow',
        name: 'container-build',
        namespace: 'default',
      },
      parameters: {
        repository: {
          url: 'https://github.com/acme/shop',
          revision: { branch: 'main' },
        },
        platform: 'linux/amd64',
      },
    });
  });

  it('prefills the form from a run for edit and re-run', async () => {
    server.use(
      http.get(`${API}/runs/default/container-build-abc12`, () =>
        HttpResponse.json(
          runDetail({
            parameters: {
              repository: {
                url: 'https://github.com/acme/shop',
                revision: { branch: 'release' },
              },
            },
          }),
        ),
      ),
    );
    await renderPage(
      '/workflows/default/container-build?from=default/container-build-abc12',
    );
    expect(await screen.findByLabelText('Branch')).toHaveValue('release');
    expect(screen.getByLabelText(/Repository URL/)).toHaveValue(
      'https://github.com/acme/shop',
    );
    expect(
      screen.getByText(/prefilled from run container-build-abc12/),
    ).toBeInTheDocument();
  });

  it('switches to YAML mode with the current parameters, and previews what the YAML says', async () => {
    await renderPage('/workflows/default/container-build');
    await userEvent.click(await screen.findByLabelText(/Repository URL/));
    await userEvent.paste('https://github.com/acme/shop');
    await userEvent.click(screen.getByLabelText('Edit as YAML'));
    const yaml = screen.getByLabelText('Parameters (YAML)');
    expect((yaml as HTMLTextAreaElement).value).toContain('branch: main');
    expect((yaml as HTMLTextAreaElement).value).toContain(
      'url: https://github.com/acme/shop',
    );
    await userEvent.clear(yaml);
    await userEvent.paste('repository:\n  url: https://example.com/yaml.git');
    await waitFor(() =>
      expect(previews[previews.length - 1]).toEqual({
        namespace: 'default',
        parameters: { repository: { url: 'https://example.com/yaml.git' } },
      }),
    );
  });

  it('opens the launched run with the run the launch answered, without fetching it first', async () => {
    const launched = pendingRun({ name: 'container-build-new02' });
    server.use(
      http.post(`${API}/runs`, () =>
        HttpResponse.json(launched, { status: 201 }),
      ),
      // Not in the backend's view yet: a page that fetched it would fail.
      http.get(`${API}/runs/default/container-build-new02`, () =>
        errorBody('NotFoundError', 'run not found', 404),
      ),
    );
    await launchWithRepository('https://github.com/acme/shop');
    expect(
      await screen.findByRole('heading', { name: 'container-build-new02' }),
    ).toBeInTheDocument();
    expect(screen.getByText('No steps have started yet.')).toBeInTheDocument();
    expect(screen.queryByText(/Could not load run/)).not.toBeInTheDocument();
  });

  it('launches from YAML mode', async () => {
    let launched: any;
    server.use(
      http.post(`${API}/runs`, async ({ request }) => {
        launched = await request.json();
        return HttpResponse.json(runDetail({ name: 'container-build-yaml1' }), {
          status: 201,
        });
      }),
      http.get(`${API}/runs/default/container-build-yaml1`, () =>
        HttpResponse.json(runDetail({ name: 'container-build-yaml1' })),
      ),
    );
    await renderPage('/workflows/default/container-build');
    await userEvent.click(await screen.findByLabelText('Edit as YAML'));
    const yaml = screen.getByLabelText('Parameters (YAML)');
    await userEvent.clear(yaml);
    await userEvent.type(
      yaml,
      'repository:{enter}  url: https://example.com/x.git',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Launch' }));
    expect(
      await screen.findByRole('heading', { name: 'container-build-yaml1' }),
    ).toBeInTheDocument();
    expect(launched.parameters).toEqual({
      repository: { url: 'https://example.com/x.git' },
    });
  });

  it('serves a ClusterWorkflow under _cluster and warns about schema problems', async () => {
    const detail = {
      ...containerBuild,
      ...githubStatsSummary,
      jsonSchema: {
        type: 'object',
        properties: { org: { type: 'string', title: 'Organisation' } },
      },
      uiSchema: {},
      defaults: {},
      schemaErrors: [{ path: 'types.Repo', message: 'unknown type "strng"' }],
    };
    const previewed = jest.fn();
    server.use(
      http.get(`${API}/clusterworkflows/github-stats-report`, () =>
        HttpResponse.json(detail),
      ),
      http.post(
        `${API}/clusterworkflows/github-stats-report/preview`,
        async ({ request }) => {
          previewed(await request.json());
          return HttpResponse.json({
            parameters: {},
            errors: [],
            objects: [],
            renderError: {
              message: 'no such key: org',
              expression: '${parameters.org}',
            },
            warnings: [
              {
                message:
                  'OpenChoreo writes this null as 0 (its CEL engine hands a null on as a protobuf NullValue, which JSON encodes as 0): `${parameters.x}` at runTemplate.spec.x',
              },
            ],
          });
        },
      ),
    );
    await renderPage('/workflows/_cluster/github-stats-report');
    expect(
      await screen.findByText(/parameter schema has problems/),
    ).toBeInTheDocument();
    expect(screen.getByText(/unknown type "strng"/)).toBeInTheDocument();
    expect(screen.getByLabelText('Run namespace')).toHaveValue('default');
    expect(await screen.findByText('no such key: org')).toBeInTheDocument();
    expect(
      screen.getByText(
        /OpenChoreo writes this null as 0 .*runTemplate\.spec\.x/,
      ),
    ).toBeInTheDocument();
    expect(previewed).toHaveBeenCalledWith({
      namespace: 'default',
      parameters: {},
    });
  });

  it('warns about numbers typed by users, and shows what a launch sends or why it would be refused', async () => {
    const warning = {
      reason: 'UserNumbersFailToRender',
      message:
        'A launch with a number typed by a user fails: OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload.',
      expression: 'parameters.count * 100 + 1',
      location: 'runTemplate.spec.arguments.parameters[0].value',
    };
    server.use(
      http.get(`${API}/workflows/default/container-build`, () =>
        HttpResponse.json({ ...containerBuild, warnings: [warning] }),
      ),
      http.post(`${API}/workflows/default/container-build/preview`, () =>
        HttpResponse.json({
          parameters: { count: 5 },
          runParameters: { count: 5 },
          errors: [],
          objects: [],
          renderError: {
            message:
              'OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload',
            expression: 'parameters.count * 100 + 1',
            location: 'runTemplate.spec.arguments.parameters[0].value',
          },
        }),
      ),
    );
    await renderPage('/workflows/default/container-build');
    expect(
      await screen.findByText(/fails for numbers typed in the form/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/A launch with a number typed by a user fails/),
    ).toHaveTextContent(
      `${warning.message} (at runTemplate.spec.arguments.parameters[0].value)`,
    );
    expect(
      await screen.findByText(
        'OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Template error: a launch would be refused/),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText(
        'Sent in the WorkflowRun (OpenChoreo applies the defaults) as YAML',
      ),
    ).toHaveTextContent('count: 5');
  });

  it('shows a missing workflow as an error', async () => {
    server.use(
      http.get(`${API}/workflows/default/nope`, () =>
        errorBody('NotFoundError', 'Workflow default/nope not found', 404),
      ),
    );
    await renderPage('/workflows/default/nope');
    expect(
      await screen.findByText(/Could not load workflow default\/nope/),
    ).toBeInTheDocument();
  });
});
