/* eslint-disable @backstage/no-undeclared-imports */
// Test-only helpers (imported by *.test.tsx files only), so dev dependencies are fine.
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { ReactElement } from 'react';
import { Route, Routes } from 'react-router-dom';
import { OpenChoreoWorkflowsClient, openchoreoWorkflowsApiRef } from '../api';
import { rootRouteRef } from '../routes';

/** Base URL of the backend in tests. */
export const API = 'http://localhost:7007/api/openchoreo-workflows';
export const MOUNT = '/openchoreo-workflows';

export function testClient() {
  return new OpenChoreoWorkflowsClient({
    discoveryApi: { getBaseUrl: async () => API },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

/** Renders `element` at `<MOUNT>/*` with the real client against msw. */
export function renderAt(path: string, element: ReactElement) {
  return renderInTestApp(
    <TestApiProvider apis={[[openchoreoWorkflowsApiRef, testClient()]]}>
      <Routes>
        <Route path={`${MOUNT}/*`} element={element} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [`${MOUNT}${path}`],
      mountedRoutes: { [MOUNT]: rootRouteRef },
    },
  );
}

/** An SSE body: the given frames, then kept open until the client aborts. */
export function sseResponse(
  frames: string[] = [],
  options: { close?: boolean } = {},
) {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const frame of frames) controller.enqueue(encoder.encode(frame));
      if (options.close) controller.close();
    },
  });
  return new HttpResponse(stream, {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

/** `event: <name>\ndata: <json>\n\n`. */
export const sseFrame = (event: string, data: unknown) =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * What every page asks in the background, answered quietly: the run stream
 * (kept open, no events) and the cluster status (every cluster reachable).
 */
export const quietStream = http.get(
  new RegExp(`^${API}/(stream|clusters)$`),
  ({ request }) =>
    new URL(request.url).pathname.endsWith('/clusters')
      ? HttpResponse.json({ items: [] })
      : sseResponse(),
);
