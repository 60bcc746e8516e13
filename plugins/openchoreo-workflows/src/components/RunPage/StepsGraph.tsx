import { makeStyles, Typography } from '@material-ui/core';
import { Component, memo, MouseEvent, ReactNode, useMemo, useRef } from 'react';
import type { RunTask } from '../../api';
import { useMeasureToPaint } from '../shared';
import { layeredLayout } from './graphLayout';
import { stepGraph } from './stepGraph';

const SYMBOL: Record<RunTask['phase'], string> = {
  Succeeded: '✓',
  Failed: '✗',
  Error: '✗',
  Running: '▶',
  Pending: '…',
  Skipped: '–',
};

const useStyles = makeStyles(theme => ({
  // A bounded, focusable scroll area: visible when the graph is wider than the page.
  scroll: {
    overflow: 'auto',
    maxHeight: 480,
    padding: theme.spacing(1),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  edges: {
    fill: 'none',
    stroke: theme.palette.text.secondary,
    strokeWidth: 1.3,
  },
  step: { cursor: 'pointer' },
  node: { fill: theme.palette.background.paper, stroke: theme.palette.divider },
  selected: { stroke: theme.palette.primary.main, strokeWidth: 3 },
  text: { fill: theme.palette.text.primary, fontSize: 13 },
  join: { fill: theme.palette.text.secondary },
}));

/** The User Timing measure of the graph: from a new shape to its nodes painted. */
export const STEPS_GRAPH_MEASURE = 'ocw:steps-graph';

const STEP_HEIGHT = 36;
const JOIN_SIZE = 8;

/** A label's width from the step's name only, so a phase change never needs a new layout. */
const nodeWidth = (name: string) =>
  Math.max(120, (name.length + 14) * 7.5 + 20);

/**
 * The graph's shape and layout, kept while a live update changes no wave:
 * phase changes re-render only the steps whose phase changed.
 */
function useStableLayout(tasks: RunTask[]) {
  const graph = stepGraph(tasks);
  const kept = useRef(graph);
  if (kept.current.key !== graph.key) kept.current = graph;
  const shape = kept.current;
  const layout = useMemo(
    () =>
      layeredLayout(
        shape.nodes.map(n => ({
          id: n.id,
          width: n.join ? JOIN_SIZE : nodeWidth(n.id),
          height: n.join ? JOIN_SIZE : STEP_HEIGHT,
        })),
        shape.edges,
      ),
    [shape],
  );
  return { key: shape.key, joins: shape.nodes.map(n => !!n.join), layout };
}

type Classes = ReturnType<typeof useStyles>;

/** One step: re-rendered only when its place, phase or selection changes. */
const StepBox = memo(
  (props: {
    name: string;
    phase: RunTask['phase'] | undefined;
    x: number;
    y: number;
    width: number;
    selected: boolean;
    classes: Classes;
  }) => {
    const { name, phase, classes } = props;
    return (
      <g
        data-testid="node"
        data-step={name}
        transform={`translate(${props.x},${props.y})`}
        className={classes.step}
      >
        <title>{`${name}: ${phase ?? 'unknown'}`}</title>
        <rect
          width={props.width}
          height={STEP_HEIGHT}
          rx={6}
          className={`${classes.node} ${
            props.selected ? classes.selected : ''
          }`}
        />
        <text x={10} y={23} className={classes.text}>
          {`${phase ? SYMBOL[phase] : ''} ${name} · ${phase ?? ''}`}
        </text>
      </g>
    );
  },
);

/**
 * Graph of parallel steps (grouped by overlapping time) as plain SVG: fixed
 * node sizes, a layered layout computed once per shape (not on live updates),
 * all edges as one path. Scrolls when larger than its box; clicking a step
 * selects it (the step list above is the keyboard way).
 */
export const StepsGraph = (props: {
  tasks: RunTask[];
  selected?: string;
  onSelect: (name: string) => void;
}) => {
  const classes = useStyles();
  const { key, joins, layout } = useStableLayout(props.tasks);
  // From the first render of a shape to its paint.
  useMeasureToPaint(STEPS_GRAPH_MEASURE, key, key, true);
  const phases = new Map(props.tasks.map(t => [t.name, t.phase]));
  const onClick = (event: MouseEvent) => {
    const step = (event.target as Element)
      .closest('[data-step]')
      ?.getAttribute('data-step');
    if (step) props.onSelect(step);
  };
  return (
    <div
      className={classes.scroll}
      role="region"
      aria-label="Parallel steps graph"
      // A scrolling region must take focus to scroll with the keyboard (WCAG 2.1.1).
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
    >
      <svg
        role="img"
        aria-label="Graph of the run's steps; use the step list to navigate"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        onClick={onClick}
      >
        <path d={layout.path} className={classes.edges} />
        {layout.nodes.map((node, i) =>
          joins[i] ? (
            <g
              key={node.id}
              data-testid="node"
              transform={`translate(${node.x},${node.y})`}
            >
              <circle r={4} cx={4} cy={4} className={classes.join} />
            </g>
          ) : (
            <StepBox
              key={node.id}
              name={node.id}
              phase={phases.get(node.id)}
              x={node.x}
              y={node.y}
              width={node.width}
              selected={node.id === props.selected}
              classes={classes}
            />
          ),
        )}
      </svg>
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
