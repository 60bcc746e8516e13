/** A node to place, with its size fixed in advance (nothing is measured in the DOM). */
export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

/** A placed node: `x`, `y` is its top-left corner; `rank` its column. */
export interface PlacedNode extends LayoutNode {
  x: number;
  y: number;
  rank: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  /** Every edge in one SVG path: a curve from a node's right side to the next one's left side. */
  path: string;
  width: number;
  height: number;
}

export const LAYOUT_SPACING = { rankGap: 48, nodeGap: 12, padding: 16 };

/** Columns by longest path from a source, in Kahn's topological order: O(V + E). */
function ranks(
  nodes: LayoutNode[],
  edges: Array<{ from: string; to: string }>,
) {
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (index.has(node.id)) throw new Error(`Graph node ${node.id} is twice`);
    index.set(node.id, i);
  });
  const next: number[][] = nodes.map(() => []);
  const incoming = nodes.map(() => 0);
  for (const { from, to } of edges) {
    const [v, w] = [index.get(from), index.get(to)];
    if (v === undefined || w === undefined) {
      throw new Error(`Graph edge ${from} → ${to} names an unknown node`);
    }
    next[v].push(w);
    incoming[w]++;
  }
  const rank = nodes.map(() => 0);
  const queue = nodes.flatMap((_, i) => (incoming[i] === 0 ? [i] : []));
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (const w of next[v]) {
      rank[w] = Math.max(rank[w], rank[v] + 1);
      if (--incoming[w] === 0) queue.push(w);
    }
  }
  if (queue.length < nodes.length) throw new Error('Graph has a cycle');
  return { rank, index };
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Left-to-right layered layout in O(V + E) for a directed acyclic graph: a
 * node's column is its longest path from a source; nodes keep their input
 * order within a column, centred in it; columns are centred vertically.
 * Edges between consecutive columns never cross a node.
 */
export function layeredLayout(
  nodes: LayoutNode[],
  edges: Array<{ from: string; to: string }>,
  spacing = LAYOUT_SPACING,
): GraphLayout {
  const { rankGap, nodeGap, padding } = spacing;
  const { rank, index } = ranks(nodes, edges);
  const columns: number[][] = [];
  nodes.forEach((_, i) => (columns[rank[i]] ??= []).push(i));
  const columnWidth = columns.map(c => Math.max(...c.map(i => nodes[i].width)));
  const columnHeight = columns.map(
    c =>
      c.reduce((sum, i) => sum + nodes[i].height, 0) + nodeGap * (c.length - 1),
  );
  const height = Math.max(0, ...columnHeight);

  const placed: PlacedNode[] = new Array(nodes.length);
  let x = padding;
  columns.forEach((column, r) => {
    let y = padding + (height - columnHeight[r]) / 2;
    for (const i of column) {
      const node = nodes[i];
      const left = x + (columnWidth[r] - node.width) / 2;
      placed[i] = { ...node, x: left, y, rank: r };
      y += node.height + nodeGap;
    }
    x += columnWidth[r] + rankGap;
  });

  const path = edges
    .map(({ from, to }) => {
      const a = placed[index.get(from)!];
      const b = placed[index.get(to)!];
      const [sx, sy] = [round(a.x + a.width), round(a.y + a.height / 2)];
      const [tx, ty] = [round(b.x), round(b.y + b.height / 2)];
      const mid = round((sx + tx) / 2);
      return `M${sx} ${sy}C${mid} ${sy} ${mid} ${ty} ${tx} ${ty}`;
    })
    .join('');
  return {
    nodes: placed,
    path,
    width: columns.length ? x - rankGap + padding : 2 * padding,
    height: height + 2 * padding,
  };
}
