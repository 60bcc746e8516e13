/* eslint-disable @backstage/no-undeclared-imports */
// Test-only helpers (imported by *.test.tsx files only), so dev dependencies are fine.
import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  LogLine,
  LogStreamStart,
  RunEvent,
  StepLogStatus,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ReactElement } from 'react';
import { Route, Routes } from 'react-router-dom';
import { OpenChoreoWorkflowsClient, openchoreoWorkflowsApiRef } from '../api';
import { WorkflowsPage } from '../components/WorkflowsPage';
import { rootRouteRef } from '../routes';

/** An msw server for the backend, listening around each test of the file. */
export function mswServer() {
  const server = setupServer();
  registerMswTestHooks(server);
  return server;
}

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

/** Renders the plugin's page (every route of it) at `path` below its mount point. */
export const renderPage = (path: string) => renderAt(path, <WorkflowsPage />);

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

/**
 * Serves `url` as an SSE stream kept open; the returned function sends a frame
 * to the client that opened it last.
 */
export function openStream(
  server: ReturnType<typeof mswServer>,
  url: string,
): (frame: string) => void {
  let push: (frame: string) => void = () => {};
  server.use(
    http.get(url, () => {
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          push = frame => controller.enqueue(encoder.encode(frame));
        },
      });
      return new HttpResponse(stream, {
        headers: { 'Content-Type': 'text/event-stream' },
      });
    }),
  );
  return frame => push(frame);
}

/*
 * Frames of the backend's two streams, typed with the common package's event
 * types: `run` (RunEvent) on /stream; `line` (LogLine), `status`
 * (StepLogStatus) then `end` on a log stream; `closed` on either.
 */
const frame = (event: string, data: object) =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** A `run` frame of the live stream (build the event with `runEvent` from fixtures). */
export const runFrame = (event: RunEvent) => frame('run', event);

/** The run stream (`GET /stream`) sending these events, then kept open. */
export const runStream = (...events: RunEvent[]) =>
  http.get(`${API}/stream`, () => sseResponse(events.map(runFrame)));

/** A `line` frame of a log stream. */
export const logLineFrame = (line: LogLine) => frame('line', line);

/** A `status` frame of a log stream: where a step's lines come from, or why there are none. */
export const logStatusFrame = (status: StepLogStatus) =>
  frame('status', status);

/** The `start` frame a log stream opened with `offset` begins with. */
export const logStartFrame = (start: LogStreamStart) => frame('start', start);

/** The `end` frame that closes a log stream. */
export const logEndFrame = () => frame('end', {});

/**
 * The `closed` frame the server ends either stream with when it ends it
 * early (the backend's sse.ts): `denied`, `expired`, `unverified`, `slow-client`.
 */
export const closedFrame = (reason: string, message: string) =>
  frame('closed', { reason, message });

/** The body the backend answers an error with (Backstage's error shape), with `extra` fields. */
export const errorBody = (
  name: string,
  message: string,
  statusCode: number,
  extra: Record<string, unknown> = {},
) =>
  HttpResponse.json(
    { error: { name, message }, response: { statusCode }, ...extra },
    { status: statusCode },
  );

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

/**
 * The backend of a page's tests: an msw server around each test of the file
 * that answers what every page asks in the background (`quietStream`), under
 * the handlers the file and its tests add.
 */
export function pageServer() {
  const server = mswServer();
  beforeEach(() => server.use(quietStream));
  return server;
}
