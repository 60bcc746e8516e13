import {
  renderInTestApp,
  TestApiProvider,
  TestApiRegistry,
} from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { openchoreoWorkflowsApiRef } from '../api';
import { API, containerBuild, mswServer, testClient } from '../testUtils';
import {
  OpenChoreoWorkflowParameters,
  openChoreoWorkflowParametersValidation,
  OpenChoreoWorkflowParametersUiOptions,
} from './OpenChoreoWorkflowParameters';

const options: OpenChoreoWorkflowParametersUiOptions = {
  workflow: { kind: 'Workflow', name: 'container-build', namespace: 'default' },
};

/** Holds the value like the scaffolder's form does, and records each change. */
function Harness(props: {
  uiOptions?: OpenChoreoWorkflowParametersUiOptions;
  initial?: Record<string, unknown>;
  rawErrors?: string[];
  changes: Array<Record<string, unknown> | undefined>;
}) {
  const [value, setValue] = useState(props.initial);
  return (
    <OpenChoreoWorkflowParameters
      formData={value}
      onChange={v => {
        props.changes.push(v);
        setValue(v);
      }}
      uiSchema={{ 'ui:options': props.uiOptions }}
      schema={{ title: 'Build parameters' }}
      rawErrors={props.rawErrors}
      idSchema={{ $id: 'root_build' }}
    />
  );
}

const render = async (
  props: Omit<Parameters<typeof Harness>[0], 'changes'> = {},
) => {
  const changes: Array<Record<string, unknown> | undefined> = [];
  const rendered = await renderInTestApp(
    <TestApiProvider apis={[[openchoreoWorkflowsApiRef, testClient()]]}>
      <Harness uiOptions={options} {...props} changes={changes} />
    </TestApiProvider>,
  );
  return { changes, rendered };
};

describe('OpenChoreoWorkflowParameters field', () => {
  const server = mswServer();
  const requests: string[] = [];

  beforeEach(() => {
    requests.length = 0;
    server.use(
      http.get(`${API}/workflows/default/container-build`, ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json(containerBuild);
      }),
      http.get(`${API}/workflows/default/missing`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'not found' } },
          { status: 404 },
        ),
      ),
    );
  });

  it("renders the chosen workflow's form and starts from its defaults", async () => {
    const { changes } = await render();
    expect(await screen.findByText('Build parameters')).toBeInTheDocument();
    expect(screen.getByLabelText(/Repository URL/)).toBeInTheDocument();
    await waitFor(() => expect(changes.length).toBeGreaterThan(0));
    expect(changes[0]).toEqual(containerBuild.defaults);
    // Nested: a <div>, not a <form> inside the scaffolder's form, and no submit button.
    expect(document.querySelector('form')).toBeNull();
    expect(screen.queryByRole('button', { name: /submit/i })).toBeNull();
  });

  it('keeps values already chosen and sends edits as the parameters', async () => {
    const { changes } = await render({
      initial: { repository: { revision: { branch: 'release-1' } } },
    });
    const url = await screen.findByLabelText(/Repository URL/);
    await waitFor(() =>
      expect(changes[0]).toMatchObject({
        repository: { revision: { branch: 'release-1' }, appPath: '.' },
      }),
    );
    await userEvent.type(url, 'https://github.com/acme/orders');
    expect(changes[changes.length - 1]).toMatchObject({
      repository: {
        url: 'https://github.com/acme/orders',
        revision: { branch: 'release-1' },
      },
    });
  });

  it('asks the given cluster', async () => {
    await render({ uiOptions: { ...options, cluster: 'prod' } });
    await screen.findByLabelText(/Repository URL/);
    expect(requests[0]).toContain('cluster=prod');
  });

  it("shows the validation's errors next to their fields", async () => {
    await render({
      rawErrors: [
        'repository.url: must match pattern "^https://"',
        '(root): odd',
      ],
    });
    expect(
      await screen.findByText('must match pattern "^https://"'),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('odd');
  });

  it('explains a missing ui:options.workflow', async () => {
    await render({ uiOptions: {} });
    expect(
      await screen.findByText(/needs/, { exact: false }),
    ).toHaveTextContent(
      'OpenChoreoWorkflowParameters needs ui:options.workflow with kind and name.',
    );
  });

  it('reports a workflow that cannot be loaded', async () => {
    await render({
      uiOptions: {
        workflow: { kind: 'Workflow', name: 'missing', namespace: 'default' },
      },
    });
    expect(
      await screen.findByText(/Cannot load Workflow default\/missing/),
    ).toBeInTheDocument();
  });
});

describe('openChoreoWorkflowParametersValidation', () => {
  const server = mswServer();
  beforeEach(() =>
    server.use(
      http.get(`${API}/workflows/default/container-build`, () =>
        HttpResponse.json(containerBuild),
      ),
    ),
  );
  const apiHolder = TestApiRegistry.from([
    openchoreoWorkflowsApiRef,
    testClient(),
  ]);
  const validate = async (
    value: Record<string, unknown> | undefined,
    ui = options,
  ) => {
    const errors: string[] = [];
    await openChoreoWorkflowParametersValidation(
      value,
      { addError: (m: string) => errors.push(m) } as any,
      { apiHolder, uiSchema: { 'ui:options': ui } },
    );
    return errors;
  };

  it("checks the value against the workflow's schema with its defaults applied", async () => {
    expect(await validate({})).toEqual(['repository.url: is required']);
    expect(await validate({ repository: { url: 'http://insecure' } })).toEqual([
      expect.stringMatching(/^repository\.url: .*https/),
    ]);
    expect(
      await validate({ repository: { url: 'https://github.com/acme/orders' } }),
    ).toEqual([]);
  });

  it('reports a field without a workflow', async () => {
    expect(await validate({}, {})).toEqual([
      '(root): ui:options.workflow with kind and name is required',
    ]);
  });
});
