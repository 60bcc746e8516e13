import { layeredLayout, LAYOUT_SPACING, PlacedNode } from './graphLayout';
import { stepGraph } from './stepGraph';

const box = (id: string, width = 100, height = 30) => ({ id, width, height });
const byId = (nodes: PlacedNode[]) => new Map(nodes.map(n => [n.id, n]));
const { rankGap, nodeGap, padding } = LAYOUT_SPACING;

/** Two nodes of one column overlap vertically, or of two columns horizontally. */
const overlap = (a: PlacedNode, b: PlacedNode) =>
  a.x < b.x + b.width &&
  b.x < a.x + a.width &&
  a.y < b.y + b.height &&
  b.y < a.y + a.height;

describe('layeredLayout', () => {
  it('puts a node one column after the longest path that reaches it', () => {
    const { nodes } = layeredLayout(
      [box('a'), box('b'), box('c'), box('d')],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'a', to: 'c' },
        { from: 'a', to: 'd' },
      ],
    );
    expect(nodes.map(n => [n.id, n.rank])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 1],
    ]);
  });

  it('stacks a column in input order, centred against the tallest column', () => {
    const layout = layeredLayout(
      [box('a'), box('b', 60), box('c', 100), box('d', 100, 50)],
      [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'c' },
        { from: 'a', to: 'd' },
      ],
    );
    const n = byId(layout.nodes);
    const columnHeight = 30 + 30 + 50 + 2 * nodeGap;
    expect(layout.height).toBe(columnHeight + 2 * padding);
    expect(layout.width).toBe(padding + 100 + rankGap + 100 + padding);
    expect(n.get('a')).toMatchObject({
      x: padding,
      y: padding + (columnHeight - 30) / 2,
    });
    const second = padding + 100 + rankGap;
    // b is narrower than its column: centred in it.
    expect(n.get('b')).toMatchObject({ x: second + 20, y: padding });
    expect(n.get('c')).toMatchObject({ x: second, y: padding + 30 + nodeGap });
    expect(n.get('d')).toMatchObject({
      x: second,
      y: padding + 60 + 2 * nodeGap,
    });
  });

  it('draws every edge in one path, right side to left side', () => {
    const layout = layeredLayout(
      [box('a'), box('b')],
      [{ from: 'a', to: 'b' }],
    );
    const [a, b] = layout.nodes;
    const [sx, tx, y] = [a.x + a.width, b.x, a.y + 15];
    const mid = (sx + tx) / 2;
    expect(layout.path).toBe(`M${sx} ${y}C${mid} ${y} ${mid} ${y} ${tx} ${y}`);
  });

  it('lays out a 300-step run in columns of waves and joins, nothing overlapping', () => {
    // 10 waves of 30 parallel steps, as the browser test's run.
    const tasks = Array.from({ length: 300 }, (_, i) => {
      const mm = String(Math.floor(i / 30)).padStart(2, '0');
      return {
        name: `w${i}`,
        phase: 'Succeeded' as const,
        startedAt: `2026-11-27T08:${mm}:00Z`,
        completedAt: `2026-11-27T08:${mm}:30Z`,
      };
    });
    const graph = stepGraph(tasks);
    const layout = layeredLayout(
      graph.nodes.map(n => box(n.id, n.join ? 8 : 150, n.join ? 8 : 36)),
      graph.edges,
    );
    const n = byId(layout.nodes);
    // A wave, its join, the next wave...: 19 columns.
    expect(Math.max(...layout.nodes.map(p => p.rank))).toBe(18);
    expect(n.get('w29')!.rank).toBe(0);
    expect(n.get('#join-1')!.rank).toBe(1);
    expect(n.get('w30')!.rank).toBe(2);
    for (const { from, to } of graph.edges) {
      expect(n.get(to)!.rank).toBe(n.get(from)!.rank + 1);
    }
    const sorted = [...layout.nodes].sort((a, b) => a.x - b.x || a.y - b.y);
    for (let i = 1; i < sorted.length; i++) {
      expect(overlap(sorted[i - 1], sorted[i])).toBe(false);
    }
    expect(layout.path.match(/M/g)).toHaveLength(graph.edges.length);
    expect(layout.height).toBe(30 * 36 + 29 * nodeGap + 2 * padding);
  });

  it('has an empty layout for no nodes', () => {
    expect(layeredLayout([], [])).toEqual({
      nodes: [],
      path: '',
      width: 2 * padding,
      height: 2 * padding,
    });
  });

  it('refuses a cycle, an unknown node and a node given twice', () => {
    expect(() =>
      layeredLayout(
        [box('a'), box('b')],
        [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
        ],
      ),
    ).toThrow('Graph has a cycle');
    expect(() => layeredLayout([box('a')], [{ from: 'a', to: 'x' }])).toThrow(
      'Graph edge a → x names an unknown node',
    );
    expect(() => layeredLayout([box('a'), box('a')], [])).toThrow(
      'Graph node a is twice',
    );
  });
});
