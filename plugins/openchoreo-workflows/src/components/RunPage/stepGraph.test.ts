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
});
