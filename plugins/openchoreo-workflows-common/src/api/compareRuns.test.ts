import {
  compareOutputs,
  compareRuns,
  compareSteps,
  parameterDifferences,
} from './compareRuns';
import type { RunDetail } from './types';

const diff = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  parameterDifferences(a, b).differences;

describe('parameterDifferences', () => {
  it('lists nothing for equal parameters, whatever the key order', () => {
    expect(
      diff(
        { repo: { url: 'u', branch: 'main' }, tags: ['a', 'b'], n: 1 },
        { n: 1, tags: ['a', 'b'], repo: { branch: 'main', url: 'u' } },
      ),
    ).toEqual([]);
  });

  it('walks nested objects and arrays down to the values that differ', () => {
    expect(
      diff(
        {
          repo: { url: 'u', branch: 'main' },
          tags: ['a', 'b', 'c'],
          steps: [{ name: 's', retries: 1 }],
          same: 'x',
        },
        {
          repo: { url: 'u', branch: 'dev' },
          tags: ['a', 'B'],
          steps: [{ name: 's', retries: 2 }],
          same: 'x',
        },
      ),
    ).toEqual([
      { path: '/repo/branch', a: 'main', b: 'dev' },
      { path: '/tags/1', a: 'b', b: 'B' },
      { path: '/tags/2', a: 'c' },
      { path: '/steps/0/retries', a: 1, b: 2 },
    ]);
  });

  it('says which side has no value: a key only in one run has no a or no b', () => {
    const differences = diff(
      { onlyA: 1, both: null },
      { both: 0, onlyB: false },
    );
    expect(differences).toEqual([
      { path: '/onlyA', a: 1 },
      { path: '/both', a: null, b: 0 },
      { path: '/onlyB', b: false },
    ]);
    expect('b' in differences[0]).toBe(false);
    expect('a' in differences[2]).toBe(false);
  });

  it('lists an object against an array or a scalar as one difference, whole', () => {
    expect(
      diff({ x: { k: 1 }, y: [1], z: 'v' }, { x: [1], y: 'v', z: { k: 1 } }),
    ).toEqual([
      { path: '/x', a: { k: 1 }, b: [1] },
      { path: '/y', a: [1], b: 'v' },
      { path: '/z', a: 'v', b: { k: 1 } },
    ]);
    // A number is not its string.
    expect(diff({ n: 1 }, { n: '1' })).toEqual([{ path: '/n', a: 1, b: '1' }]);
  });

  it('escapes keys as JSON Pointer tokens, and keeps __proto__ a key', () => {
    const a = JSON.parse('{"a/b": 1, "c~d": 2, "__proto__": {"x": 1}}');
    const b = JSON.parse('{"a/b": 2, "c~d": 3, "__proto__": {"x": 2}}');
    expect(diff(a, b)).toEqual([
      { path: '/a~1b', a: 1, b: 2 },
      { path: '/c~0d', a: 2, b: 3 },
      { path: '/__proto__/x', a: 1, b: 2 },
    ]);
  });

  it('stops at the limit and says so', () => {
    const a = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`p${i}`, i]),
    );
    const result = parameterDifferences(a, {}, 3);
    expect(result.differences.map(d => d.path)).toEqual(['/p0', '/p1', '/p2']);
    expect(result.truncated).toBe(true);
    expect(parameterDifferences(a, {}, 10).truncated).toBe(false);
  });

  it('lists values below depth 32 whole instead of walking them', () => {
    const deep = (leaf: unknown, depth: number): unknown =>
      depth === 0 ? leaf : { d: deep(leaf, depth - 1) };
    const [only] = diff(
      deep(1, 40) as Record<string, unknown>,
      deep(2, 40) as Record<string, unknown>,
    );
    expect(only.path).toBe(`/${Array(33).fill('d').join('/')}`);
    expect(only.a).toEqual(deep(1, 7));
    expect(only.b).toEqual(deep(2, 7));
  });
});

describe('compareSteps', () => {
  it('matches steps by name; a step of one run only has null on the other side', () => {
    expect(
      compareSteps(
        [
          { name: 'clone', phase: 'Succeeded', durationMs: 1000 },
          { name: 'build', phase: 'Failed', durationMs: 5000 },
          { name: 'lint', phase: 'Pending' },
        ],
        [
          { name: 'build', phase: 'Succeeded', durationMs: 7000 },
          { name: 'clone', phase: 'Succeeded', durationMs: 900 },
          { name: 'deploy', phase: 'Succeeded', durationMs: 100 },
        ],
      ),
    ).toEqual([
      {
        name: 'clone',
        a: { phase: 'Succeeded', durationMs: 1000 },
        b: { phase: 'Succeeded', durationMs: 900 },
      },
      {
        name: 'build',
        a: { phase: 'Failed', durationMs: 5000 },
        b: { phase: 'Succeeded', durationMs: 7000 },
      },
      { name: 'lint', a: { phase: 'Pending' }, b: null },
      { name: 'deploy', a: null, b: { phase: 'Succeeded', durationMs: 100 } },
    ]);
  });

  it('matches the n-th step of a name with the n-th', () => {
    expect(
      compareSteps(
        [
          { name: 'retry', phase: 'Failed', durationMs: 1 },
          { name: 'retry', phase: 'Succeeded', durationMs: 2 },
        ],
        [
          { name: 'retry', phase: 'Failed', durationMs: 3 },
          { name: 'retry', phase: 'Failed', durationMs: 4 },
          { name: 'retry', phase: 'Succeeded', durationMs: 5 },
        ],
      ).map(s => [s.a?.durationMs ?? null, s.b?.durationMs ?? null]),
    ).toEqual([
      [1, 3],
      [2, 4],
      [null, 5],
    ]);
  });
});

describe('compareOutputs', () => {
  it("lists every output of either run, a's first, null where absent", () => {
    expect(
      compareOutputs({ image: 'x:1', digest: 'd' }, { tag: 't', image: 'x:2' }),
    ).toEqual([
      { name: 'image', a: 'x:1', b: 'x:2' },
      { name: 'digest', a: 'd', b: null },
      { name: 'tag', a: null, b: 't' },
    ]);
  });
});

describe('compareRuns', () => {
  const run = (over: Partial<RunDetail>): RunDetail => ({
    cluster: 'local',
    namespace: 'default',
    name: 'r',
    workflow: { kind: 'Workflow', name: 'build', namespace: 'default' },
    generation: 'v1',
    phase: 'Succeeded',
    parameters: {},
    taskCount: 1,
    tasksSucceeded: 1,
    archived: false,
    tasks: [{ name: 'build', phase: 'Succeeded', durationMs: 10 }],
    conditions: [{ type: 'Completed', status: 'True' }],
    outputs: { image: 'x' },
    labels: { l: 'v' },
    annotations: { a: 'v' },
    ...over,
  });

  it('gives both summaries (no steps, conditions, outputs, labels), the differing parameters, steps and outputs', () => {
    const a = run({ name: 'r1', parameters: { branch: 'main', same: 1 } });
    const b = run({
      name: 'r2',
      archived: true,
      parameters: { branch: 'dev', same: 1 },
      outputs: {},
    });
    const result = compareRuns(a, b);
    expect(result.a).toEqual({
      cluster: 'local',
      namespace: 'default',
      name: 'r1',
      workflow: { kind: 'Workflow', name: 'build', namespace: 'default' },
      generation: 'v1',
      phase: 'Succeeded',
      parameters: { branch: 'main', same: 1 },
      taskCount: 1,
      tasksSucceeded: 1,
      archived: false,
    });
    expect(result.b.archived).toBe(true);
    expect(result.parameters).toEqual([
      { path: '/branch', a: 'main', b: 'dev' },
    ]);
    expect(result.parametersTruncated).toBe(false);
    expect(result.steps).toEqual([
      {
        name: 'build',
        a: { phase: 'Succeeded', durationMs: 10 },
        b: { phase: 'Succeeded', durationMs: 10 },
      },
    ]);
    expect(result.outputs).toEqual([{ name: 'image', a: 'x', b: null }]);
  });
});
