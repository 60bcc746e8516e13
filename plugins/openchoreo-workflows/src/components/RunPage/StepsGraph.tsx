import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { makeStyles, Typography } from '@material-ui/core';
import { Component, ReactNode, RefObject, useEffect, useRef } from 'react';
import type { RunTask } from '../../api';
import { endMeasure, startMeasure } from '../shared';
import { stepGraph, StepNode } from './stepGraph';

const SYMBOL: Record<RunTask['phase'], string> = {
  Succeeded: '✓',
  Failed: '✗',
  Error: '✗',
  Running: '▶',
  Pending: '…',
  Skipped: '–',
};

const useStyles = makeStyles(theme => ({
  node: {
    fill: theme.palette.background.paper,
    stroke: theme.palette.divider,
    cursor: 'pointer',
  },
  selected: { stroke: theme.palette.primary.main, strokeWidth: 3 },
  text: { fill: theme.palette.text.primary, fontSize: 13 },
  join: { fill: theme.palette.text.secondary },
}));

/** The User Timing measure of the graph: from a new shape to its laid-out nodes on screen. */
export const STEPS_GRAPH_MEASURE = 'ocw:steps-graph';

/** A label's width from the step's name only, so a phase change never needs a new layout. */
const nodeWidth = (name: string) =>
  Math.max(120, (name.length + 14) * 7.5 + 20);

/**
 * Above this many nodes dagre ranks with longest-path, far cheaper than its
 * default network-simplex; a wave-structured graph gets the same columns.
 */
const LARGE_GRAPH = 100;

/**
 * The graph's shape, kept while a live update changes no wave: the same
 * `nodes` and `edges` arrays, so DependencyGraph does not lay it out again.
 */
function useStableGraph(tasks: RunTask[]) {
  const graph = stepGraph(tasks);
  const kept = useRef(graph);
  if (kept.current.key !== graph.key) kept.current = graph;
  return kept.current;
}

/** Ends the measure once every node is laid out (DependencyGraph's nodes: `data-testid="node"`) and the graph is visible. */
function useLayoutMeasure(
  root: RefObject<HTMLDivElement>,
  key: string,
  nodeCount: number,
) {
  const started = useRef<string>();
  if (started.current !== key) {
    started.current = key;
    startMeasure(STEPS_GRAPH_MEASURE);
  }
  useEffect(() => {
    const element = root.current;
    if (!element) return undefined;
    const check = (_: unknown, observing: MutationObserver) => {
      const shown = element.querySelectorAll('[data-testid="node"]').length;
      if (shown === nodeCount && !element.querySelector('[style*="hidden"]')) {
        observing.disconnect();
        endMeasure(STEPS_GRAPH_MEASURE);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(element, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['style'],
    });
    check([], observer);
    return () => observer.disconnect();
  }, [root, key, nodeCount]);
}

/**
 * Graph of parallel steps (grouped by overlapping time) with Backstage's
 * DependencyGraph. Laid out again only when the waves change, not on every
 * live update; labels come from the current tasks.
 */
export const StepsGraph = (props: {
  tasks: RunTask[];
  selected?: string;
  onSelect: (name: string) => void;
}) => {
  const classes = useStyles();
  const { nodes, edges, key } = useStableGraph(props.tasks);
  const root = useRef<HTMLDivElement>(null);
  useLayoutMeasure(root, key, nodes.length);
  const byName = new Map(props.tasks.map(t => [t.name, t]));
  const renderNode = ({
    node,
  }: DependencyGraphTypes.RenderNodeProps<StepNode>) => {
    const task = byName.get(node.id);
    if (node.join || !task) {
      return <circle r={4} cx={4} cy={4} className={classes.join} />;
    }
    const label = `${SYMBOL[task.phase] ?? ''} ${task.name} · ${task.phase}`;
    return (
      <g onClick={() => props.onSelect(node.id)}>
        <title>{`${task.name}: ${task.phase}`}</title>
        <rect
          width={nodeWidth(task.name)}
          height={36}
          rx={6}
          className={`${classes.node} ${
            node.id === props.selected ? classes.selected : ''
          }`}
        />
        <text x={10} y={23} className={classes.text}>
          {label}
        </text>
      </g>
    );
  };
  return (
    <div ref={root}>
      <DependencyGraph<StepNode, {}>
        nodes={nodes}
        edges={edges}
        direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
        ranker={
          nodes.length > LARGE_GRAPH
            ? DependencyGraphTypes.Ranker.LONGEST_PATH
            : DependencyGraphTypes.Ranker.NETWORK_SIMPLEX
        }
        renderNode={renderNode}
        paddingX={16}
        paddingY={16}
        fit="contain"
        role="img"
        aria-label="Graph of the run's steps; use the step list to navigate"
      />
    </div>
  );
};

/** Keeps the page usable if the graph cannot be laid out; the step list has it all. */
export class GraphBoundary extends Component<
  { children: ReactNode },
  { failed: boolean }
> {
  static getDerivedStateFromError() {
    return { failed: true };
  }
  state = { failed: false };
  render() {
    return this.state.failed ? (
      <Typography variant="body2" color="textSecondary">
        The graph could not be drawn; the step list above shows every step.
      </Typography>
    ) : (
      this.props.children
    );
  }
}
