import {
  deriveRunStatus,
  LogLine,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { eventually } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { API, LogBackend, startLogBackend } from '../__testUtils__/logBackend';

jest.setTimeout(60_000);

const TASKS = ['clone-step', 'build-step', 'push-step'];

describe('a window of a step log (?task=&offset=&limit=, router, local control plane)', () => {
  let b: LogBackend;
  beforeAll(async () => {
    b = await startLogBackend();
  });
  afterAll(() => b?.stop());

  const logs = (name: string, query: string, status = 200) =>
    request(b.server)
      .get(`${API}/runs/default/${name}/logs?cluster=plain&${query}`)
      .expect(status);

  it("answers windows of a finished step from the archive's chunks, also once its pods are gone", async () => {
    const name = await b.launchAndFinish('window-finished');
    const whole = (await logs(name, 'task=build-step')).body;
    const all: LogLine[] = whole.lines;
    expect(all.length).toBeGreaterThan(2);

    const first = (await logs(name, 'task=build-step&offset=0&limit=2')).body;
    expect(first).toEqual({
      lines: all.slice(0, 2),
      complete: true,
      steps: [{ task: 'build-step', source: 'archive' }],
      offset: 0,
      total: all.length,
    });
    // Its pods gone, the step is read from the archive's chunks just the same.
    b.deletePods(name);
    const last = (await logs(name, 'task=build-step&offset=-2')).body;
    expect(last).toMatchObject({
      lines: all.slice(-2),
      offset: all.length - 2,
      total: all.length,
      steps: [{ task: 'build-step', source: 'archive' }],
    });
    const pages: LogLine[] = [];
    for (let offset = 0; offset < all.length; offset += 2) {
      pages.push(
        ...(await logs(name, `task=build-step&offset=${offset}&limit=2`)).body
          .lines,
      );
    }
    expect(pages).toEqual(all);
    expect(
      (await logs(name, `task=build-step&offset=${all.length}`)).body,
    ).toMatchObject({ lines: [], offset: all.length, total: all.length });
    // limit alone starts at 0; a step that never ran has an empty window.
    expect((await logs(name, 'task=build-step&limit=1')).body.lines).toEqual(
      all.slice(0, 1),
    );
    expect((await logs(name, 'task=no-such-step&limit=1')).body).toMatchObject({
      lines: [],
      offset: 0,
      total: 0,
    });
  });

  it("follows a live run's steps by offset, each line once, as the scaffolder action does", async () => {
    const name = await b.launch('window-live');
    const read = new Map<string, LogLine[]>(TASKS.map(t => [t, []]));
    const runType = b.local.plane.store.registry.get(
      'openchoreo.dev',
      'workflowruns',
    );
    const sawLive = new Set<string>();
    await eventually(
      async () => {
        const phase = deriveRunStatus(
          b.local.plane.store.get(
            runType,
            'default',
            name,
          ) as unknown as WorkflowRunResource,
        ).phase;
        let done = phase === 'Succeeded';
        for (const task of TASKS) {
          const have = read.get(task)!;
          const page = (
            await logs(name, `task=${task}&offset=${have.length}&limit=3`)
          ).body;
          expect(page.offset).toBe(have.length);
          have.push(...page.lines);
          if (page.steps[0]?.source === 'pod') sawLive.add(task);
          done = done && page.complete && have.length === page.total;
        }
        return done || undefined;
      },
      30_000,
      'every line of the finished run',
    );
    const whole = (await logs(name, '')).body.lines;
    expect(TASKS.flatMap(t => read.get(t)!)).toEqual(whole);
    expect(sawLive.size).toBeGreaterThan(0);
  });

  it('refuses a window without a step, or out of bounds, naming the field', async () => {
    const name = await b.launch('window-bad');
    const message = async (query: string) =>
      (await logs(name, query, 400)).body.error.message as string;
    expect(await message('offset=0')).toMatch(/task/);
    expect(await message('task=build-step&limit=5001')).toMatch(/limit/);
    expect(await message('task=build-step&limit=0')).toMatch(/limit/);
    expect(await message('task=build-step&offset=x')).toMatch(/offset/);
  });
});
