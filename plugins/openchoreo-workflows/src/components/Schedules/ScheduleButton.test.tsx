import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  containerBuild,
  errorBody,
  mswServer,
  quietStream,
  renderPage,
} from '../../testUtils';

describe('Schedule… on the workflow page', () => {
  const server = mswServer();

  it('schedules the form as it is, showing the problem the backend names', async () => {
    const posted: any[] = [];
    server.use(
      quietStream,
      http.get(`${API}/workflows/default/container-build`, () =>
        HttpResponse.json(containerBuild),
      ),
      http.get(`${API}/runs`, () => HttpResponse.json({ items: [] })),
      http.post(`${API}/workflows/default/container-build/preview`, () =>
        HttpResponse.json({ parameters: {}, errors: [], objects: [] }),
      ),
      http.post(`${API}/schedules`, async ({ request }) => {
        const body = (await request.json()) as any;
        posted.push(body);
        if (body.cron === 'often') {
          return errorBody('InputError', 'invalid parameters', 400, {
            fieldErrors: [{ path: 'cron', message: 'must have five fields' }],
          });
        }
        return HttpResponse.json(
          { ...body, id: 's1', nextRunAt: '2026-12-01T02:00:00.000Z' },
          { status: 201 },
        );
      }),
    );
    await renderPage('/workflows/default/container-build');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Schedule…' }),
    );
    const cron = screen.getByLabelText(/Cron/);
    const zone = screen.getByLabelText('Time zone');
    await userEvent.clear(cron);
    await userEvent.type(cron, 'often');
    await userEvent.clear(zone);
    await userEvent.type(zone, 'Europe/Paris');
    await userEvent.click(
      screen.getByRole('button', { name: 'Create schedule' }),
    );
    expect(
      await screen.findByText('must have five fields'),
    ).toBeInTheDocument();

    await userEvent.clear(cron);
    await userEvent.type(cron, '0 2 * * *');
    await userEvent.click(
      screen.getByRole('button', { name: 'Create schedule' }),
    );
    await waitFor(() => expect(posted).toHaveLength(2));
    expect(posted[1]).toEqual({
      workflow: {
        kind: 'Workflow',
        name: 'container-build',
        namespace: 'default',
      },
      namespace: 'default',
      parameters: expect.any(Object),
      cron: '0 2 * * *',
      timezone: 'Europe/Paris',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });
});
