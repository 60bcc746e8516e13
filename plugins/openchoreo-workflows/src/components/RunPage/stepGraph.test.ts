import { hasParallelSteps, stepGraph } from './stepGraph';

const task = (name: string, start?: string, end?: string) => ({
  name,
  phase: 'Succeeded' as const,
  startedAt: start && `2026-11-27T08:${start}Z`,
  completedAt: end && `2026-11-27T08:${end}Z`,
});

describe('stepGraph', () => {
  it('sees no parallelism in sequential steps', () => {
    expect(
      hasParallelSteps([
        task('a', '00:00', '00:10'),
        task('b', '00:11', '00:20'),
      ]),
    ).toBe(false);
  });

  it('sees a step that overlaps an earlier long one, not only its neighbour', () => {
    expect(
      hasParallelSteps([
        task('long', '00:00', '00:50'),
        task('short', '00:01', '00:02'),
        task('later', '00:10', '00:20'),
      ]),
    ).toBe(true);
    expect(
      hasParallelSteps([task('run', '00:00'), task('next', '00:30')]),
    ).toBe(true);
  });

  it('groups overlapping steps into waves linked in order', () => {
    const tasks = [
      task('checkout', '00:00', '00:10'),
      task('lint', '00:11', '00:30'),
      task('test', '00:12', '00:40'),
      task('publish', '00:41', '00:50'),
      task('notify'),
    ];
    expect(hasParallelSteps(tasks)).toBe(true);
    expect(stepGraph(tasks).edges).toEqual([
      { from: 'checkout', to: 'lint' },
      { from: 'checkout', to: 'test' },
      { from: 'lint', to: 'publish' },
      { from: 'test', to: 'publish' },
      { from: 'publish', to: 'notify' },
    ]);
  });

  it('joins two waves of several steps through one node: edges stay linear', () => {
    // 30 waves of 10 parallel steps: 300 steps.
    const tasks = Array.from({ length: 300 }, (_, i) => {
      const wave = Math.floor(i / 10);
      const mm = String(wave).padStart(2, '0');
      return task(`s${i}`, `${mm}:00`, `${mm}:30`);
    });
    const graph = stepGraph(tasks);
    expect(graph.nodes.filter(n => n.join)).toHaveLength(29);
    expect(graph.nodes).toHaveLength(329);
    expect(graph.edges).toHaveLength(29 * 20);
    expect(graph.edges).toContainEqual({ from: 's0', to: '#join-1' });
    expect(graph.edges).toContainEqual({ from: '#join-1', to: 's19' });
  });

  it('keeps its shape (key) while running steps only change phase', () => {
    const running = [
      task('a', '00:00', '00:10'),
      { ...task('b', '00:11'), phase: 'Running' as const },
      { ...task('c', '00:12'), phase: 'Running' as const },
    ];
    const later = running.map(t => ({ ...t, phase: 'Succeeded' as const }));
    expect(stepGraph(later).key).toBe(stepGraph(running).key);
    expect(stepGraph([...running, task('d')]).key).not.toBe(
      stepGraph(running).key,
    );
  });

  it('draws a step name given twice as one node', () => {
    const graph = stepGraph([
      task('a', '00:00', '00:10'),
      task('a', '00:20', '00:30'),
      task('b', '00:40'),
    ]);
    expect(graph.nodes).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(graph.edges).toEqual([{ from: 'a', to: 'b' }]);
  });
});
