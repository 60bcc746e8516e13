import { registerMswTestHooks } from '@backstage/test-utils';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import App from './App';

const BACKEND = 'http://localhost:7007';

/** A Backstage token as the guest provider issues it (only its payload is read here). */
function guestToken() {
  const encode = (o: object) =>
    Buffer.from(JSON.stringify(o)).toString('base64url');
  const payload = {
    sub: 'user:development/guest',
    ent: ['user:development/guest'],
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  return `${encode({ alg: 'ES256' })}.${encode(payload)}.signature`;
}

const notFound = (message: string) =>
  HttpResponse.json(
    {
      error: { name: 'NotFoundError', message },
      response: { statusCode: 404 },
    },
    { status: 404 },
  );

describe('App', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  beforeAll(() => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: BACKEND },
            techdocs: {
              storageUrl: `${BACKEND}/api/techdocs/static/docs`,
            },
          },
          context: 'test',
        },
      ] as any,
    };
  });

  beforeEach(() => {
    // Other plugins' backends are not this test's concern.
    server.use(http.all(`${BACKEND}/api/*`, () => notFound('not in test')));
  });

  it('signs a guest in from the sign-in page and opens the list of workflows, with its sidebar entry', async () => {
    server.use(
      http.get(`${BACKEND}/api/auth/guest/refresh`, () =>
        HttpResponse.json({
          profile: { displayName: 'Guest' },
          backstageIdentity: {
            token: guestToken(),
            identity: {
              type: 'user',
              userEntityRef: 'user:development/guest',
              ownershipEntityRefs: ['user:development/guest'],
            },
          },
        }),
      ),
      http.get(`${BACKEND}/api/openchoreo-workflows/workflows`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${BACKEND}/api/openchoreo-workflows/clusters`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(
        `${BACKEND}/api/openchoreo-workflows/stream`,
        () =>
          new HttpResponse(new ReadableStream(), {
            headers: { 'Content-Type': 'text/event-stream' },
          }),
      ),
    );
    render(<App />);
    // A new browser has no provider chosen: the sign-in page, with the guest provider only.
    const enter = await screen.findByRole(
      'button',
      { name: 'Enter' },
      { timeout: 15_000 },
    );
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(screen.queryByRole('navigation')).toBeNull();
    await userEvent.click(enter);
    // `/` leads to the plugin's page, which asked the backend for the list of workflows.
    expect(
      await screen.findByText('No workflows yet', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    const nav = screen.getByRole('navigation');
    expect(
      within(nav).getByRole('link', { name: 'Workflows' }),
    ).toHaveAttribute('href', '/openchoreo-workflows');
  }, 30_000);
});
