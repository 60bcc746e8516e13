import { compareRuns } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  errorBody,
  pageServer,
  renderPage,
  runDetail,
  runSummary,
} from '../../testUtils';

const first = runDetail({ outputs: { image: 'acme/shop:1' } });
const second = runDetail({
  name: 'container-build-def34',
  archived: true,
  parameters: {
    ...first.parameters,
    repository: {
      url: 'https://github.com/acme/shop',
      revision: { branch: 'release' },
      appPath: '.',
    },
    platform: 'linux/arm64',
    buildArgs: { DEBUG: '1' },
  },
  tasks: [
    { ...first.tasks[0], durationMs: 3000 },
    { ...first.tasks[1], phase: 'Failed', durationMs: 61000 },
  ],
  outputs: {},
});

describe('ComparePage', () => {
  const server = pageServer();
  const asked: URLSearchParams[] = [];

  beforeEach(() => {
    asked.length = 0;
    server.use(
      http.get(`${API}/runs/compare`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        asked.push(params);
        // As the backend answers: common's compareRuns of the two runs.
        return HttpResponse.json(compareRuns(first, second));
      }),
    );
  });

  it('shows both summaries, only the differing parameters, both step durations and the outputs', async () => {
    await renderPage(
      '/compare?a=default/container-build-abc12&b=default/container-build-def34&cluster=prod',
    );
    const params = await screen.findByRole('table', {
      name: 'Parameters that differ',
    });
    expect(Object.fromEntries(asked[0])).toEqual({
      a: 'default/container-build-abc12',
      b: 'default/container-build-def34',
      clusterA: 'prod',
      clusterB: 'prod',
    });
    const rows = within(params)
      .getAllByRole('row')
      .slice(1)
      .map(r => Array.from(r.children).map(c => c.textContent));
    expect(rows).toEqual([
      ['/repository/revision/branch', '"main"', '"release"'],
      ['/platform', '"linux/amd64"', '"linux/arm64"'],
      ['/buildArgs', 'not set (the default)', '{\n  "DEBUG": "1"\n}'],
    ]);
    // Equal parameters are not listed.
    expect(within(params).queryByText('/repository/url')).toBeNull();

    expect(
      screen.getByRole('link', { name: 'default/container-build-abc12' }),
    ).toHaveAttribute(
      'href',
      // One cluster configured: links name none.
      '/openchoreo-workflows/runs/default/container-build-abc12',
    );
    expect(screen.getByText('from the archive')).toBeInTheDocument();

    const steps = screen.getByRole('table', { name: 'Steps' });
    const build = within(steps).getByRole('rowheader', { name: 'build' })
      .parentElement!;
    expect(build).toHaveTextContent('Succeeded 2m 29s');
    expect(build).toHaveTextContent('Failed 1m 1s');
    const push = within(steps).getByRole('rowheader', { name: 'push' })
      .parentElement!;
    expect(push).toHaveTextContent('no such step');

    const outputs = screen.getByRole('table', { name: 'Outputs' });
    expect(
      within(outputs).getByRole('rowheader', { name: 'image' }).parentElement,
    ).toHaveTextContent('acme/shop:1none');
  });

  it('says so when the runs were launched with the same parameters', async () => {
    server.use(
      http.get(`${API}/runs/compare`, () =>
        HttpResponse.json(compareRuns(first, first)),
      ),
    );
    await renderPage(
      '/compare?a=default/container-build-abc12&b=default/container-build-abc12',
    );
    expect(
      await screen.findByText(
        'Both runs were launched with the same parameters.',
      ),
    ).toBeInTheDocument();
  });

  it('asks for two runs when the address does not name them', async () => {
    await renderPage('/compare?a=default/container-build-abc12&b=nope');
    expect(
      await screen.findByText('Pick two runs to compare'),
    ).toBeInTheDocument();
    expect(asked).toEqual([]);
  });

  it("shows the backend's error (a run the caller may not read is not found)", async () => {
    server.use(
      http.get(`${API}/runs/compare`, () =>
        errorBody(
          'NotFoundError',
          "WorkflowRun 'team-b/secret' not found",
          404,
        ),
      ),
    );
    await renderPage('/compare?a=default/x&b=team-b/secret');
    expect(
      (await screen.findAllByText(/WorkflowRun 'team-b\/secret' not found/))[0],
    ).toBeInTheDocument();
  });
});

describe('picking two runs in the run history', () => {
  const server = pageServer();

  it('enables Compare once two runs are picked, allows no third, and opens their comparison', async () => {
    const names = ['run-one', 'run-two', 'run-three'];
    server.use(
      http.get(`${API}/runs`, () =>
        HttpResponse.json({
          items: names.map(name => runSummary({ name })),
        }),
      ),
      http.get(`${API}/runs/compare`, () =>
        HttpResponse.json(
          compareRuns(
            runDetail({ name: 'run-one' }),
            runDetail({ name: 'run-three', parameters: { platform: 'x' } }),
          ),
        ),
      ),
    );
    await renderPage('/runs');
    const compare = await screen.findByRole('button', { name: 'Compare' });
    expect(compare).toBeDisabled();
    await userEvent.click(await screen.findByLabelText('Pick run-one'));
    await userEvent.click(screen.getByLabelText('Pick run-two'));
    expect(screen.getByLabelText('Pick run-three')).toBeDisabled();
    // Unpicking one makes the others pickable again.
    await userEvent.click(screen.getByLabelText('Pick run-two'));
    expect(screen.getByLabelText('Pick run-three')).toBeEnabled();
    await userEvent.click(screen.getByLabelText('Pick run-three'));
    expect(screen.getByLabelText('Pick run-two')).toBeDisabled();
    expect(
      screen.getByText('run-one and run-three picked'),
    ).toBeInTheDocument();
    const link = screen.getByRole('button', { name: 'Compare' });
    expect(link).toHaveAttribute(
      'href',
      '/openchoreo-workflows/compare?a=default%2Frun-one&b=default%2Frun-three',
    );
    await userEvent.click(link);
    expect(
      await screen.findByRole('table', { name: 'Parameters that differ' }),
    ).toBeInTheDocument();
  });
});
