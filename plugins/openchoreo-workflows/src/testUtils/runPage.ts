/* eslint-disable @backstage/no-undeclared-imports */
// Test-only helpers (imported by *.test.tsx files only), so dev dependencies are fine.
import { http, HttpResponse } from 'msw';
import { API, logLineFrame, quietStream, sseResponse } from './render';

/** The backend path of the fixtures' run, `default/container-build-abc12`. */
export const RUN = `${API}/runs/default/container-build-abc12`;

/**
 * What a run page asks besides the run: the run stream (quiet), its steps'
 * events (none), the running step's log stream (two lines, kept open) and a
 * finished step's log (one line).
 */
export const runPageBackground = [
  quietStream,
  http.get(`${RUN}/events`, () => HttpResponse.json({ items: [] })),
  http.get(`${RUN}/logs/stream`, () =>
    sseResponse([
      logLineFrame({ task: 'build', text: 'Step 1/5 : FROM node:22' }),
      logLineFrame({ task: 'build', text: 'Step 2/5 : COPY . .' }),
    ]),
  ),
  http.get(`${RUN}/logs`, ({ request }) =>
    HttpResponse.json({
      lines: [
        { task: new URL(request.url).searchParams.get('task'), text: 'done' },
      ],
      complete: true,
    }),
  ),
];

/** `GET /clusters` answering these cluster names, each reachable. */
export const clustersAnswer = (...names: string[]) =>
  http.get(`${API}/clusters`, () =>
    HttpResponse.json({
      items: names.map(name => ({
        name,
        reachable: true,
        since: '2026-11-30T08:00:00Z',
      })),
    }),
  );
