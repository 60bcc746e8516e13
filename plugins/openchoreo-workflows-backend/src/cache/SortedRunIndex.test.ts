import { WorkflowRunResource } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  ALL_RUNS,
  byNamespace,
  byWorkflowName,
  SortedRunIndex,
} from './SortedRunIndex';

function run(
  namespace: string,
  name: string,
  createdSecond: number,
  workflow = 'wf',
  phase?: string,
): WorkflowRunResource {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'WorkflowRun',
    metadata: {
      namespace,
      name,
      creationTimestamp: new Date(
        Date.UTC(2026, 0, 1, 0, 0, createdSecond),
      ).toISOString(),
    },
    spec: { workflow: { kind: 'Workflow', name: workflow } },
    ...(phase ? { status: { conditions: [{ type: phase }] } } : {}),
  } as WorkflowRunResource;
}

const names = (it: Iterable<WorkflowRunResource>) =>
  [...it].map(r => `${r.metadata.namespace}/${r.metadata.name}`);

describe('SortedRunIndex', () => {
  it('keeps every run, per namespace and per workflow, newest first with name as tie-break', () => {
    const index = new SortedRunIndex();
    index.upsert(run('a', 'r1', 1, 'build'));
    index.upsert(run('b', 'r2', 3, 'test'));
    index.upsert(run('a', 'r3', 2, 'build'));
    index.upsert(run('a', 'r4', 2, 'test')); // same second as r3
    expect(names(index.walk(ALL_RUNS))).toEqual([
      'b/r2',
      'a/r4',
      'a/r3',
      'a/r1',
    ]);
    expect(names(index.walk(byNamespace('a')))).toEqual([
      'a/r4',
      'a/r3',
      'a/r1',
    ]);
    expect(names(index.walk(byWorkflowName('build')))).toEqual([
      'a/r3',
      'a/r1',
    ]);
    expect(names(index.walk(byWorkflowName('nope')))).toEqual([]);
  });

  it('walks from just after a cursor position, present or not', () => {
    const index = new SortedRunIndex();
    for (let i = 0; i < 10; i++) index.upsert(run('ns', `r${i}`, i));
    const after = SortedRunIndex.positionOf(run('ns', 'r6', 6));
    expect(names(index.walk(ALL_RUNS, after))).toEqual(
      [5, 4, 3, 2, 1, 0].map(i => `ns/r${i}`),
    );
    index.remove(run('ns', 'r6', 6));
    expect(names(index.walk(ALL_RUNS, after))[0]).toBe('ns/r5');
    // a run created in the same second but sorting after the cursor's name
    index.upsert(run('ns', 'r5b', 6));
    expect(names(index.walk(ALL_RUNS, after))[0]).toBe('ns/r5b');
  });

  it('replaces a changed run in place and moves it when its workflow changes', () => {
    const index = new SortedRunIndex();
    index.upsert(run('ns', 'x', 1, 'build'));
    index.upsert(run('ns', 'y', 2, 'build'));
    const changed = run('ns', 'x', 1, 'build', 'Succeeded');
    index.apply('MODIFIED', changed);
    expect([...index.walk(ALL_RUNS)][1]).toBe(changed);
    index.apply('MODIFIED', run('ns', 'x', 1, 'deploy'));
    expect(names(index.walk(byWorkflowName('build')))).toEqual(['ns/y']);
    expect(names(index.walk(byWorkflowName('deploy')))).toEqual(['ns/x']);
    index.apply('DELETED', run('ns', 'y', 2, 'build'));
    expect(names(index.walk(byWorkflowName('build')))).toEqual([]);
    expect(index.size).toBe(1);
  });

  it('matches a full sort after a bulk sync and random changes', () => {
    const index = new SortedRunIndex();
    const live = new Map<string, WorkflowRunResource>();
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const put = (r: WorkflowRunResource) => {
      live.set(r.metadata.name, r);
      index.upsert(r);
    };
    for (let i = 0; i < 2000; i++)
      put(run(`ns${random(3)}`, `r${i}`, random(500), `wf${random(5)}`));
    for (let i = 0; i < 500; i++) {
      const name = `r${random(2500)}`;
      const current = live.get(name);
      if (current && random(2) === 0) {
        live.delete(name);
        index.remove(current);
      } else {
        put(
          run(
            current?.metadata.namespace ?? 'ns1',
            name,
            random(500),
            `wf${random(5)}`,
          ),
        );
      }
      if (i % 50 === 0) index.walk(ALL_RUNS).next(); // reads between changes
    }
    const expected = [...live.values()]
      .map(r => SortedRunIndex.positionOf(r))
      .sort((a, b) => {
        if (a.c !== b.c) return a.c < b.c ? 1 : -1;
        return a.k < b.k ? 1 : -1;
      })
      .map(p => p.k);
    expect(names(index.walk(ALL_RUNS))).toEqual(expected);
    expect(names(index.walk(byWorkflowName('wf2')))).toEqual(
      expected.filter(
        k => live.get(k.split('/')[1])!.spec.workflow.name === 'wf2',
      ),
    );
    expect(index.size).toBe(live.size);
  });
});
