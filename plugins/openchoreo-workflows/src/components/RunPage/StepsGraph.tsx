import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { makeStyles, Typography } from '@material-ui/core';
import { Component, ReactNode } from 'react';
import type { RunTask } from '../../api';
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
  node: {
    fill: theme.palette.background.paper,
    stroke: theme.palette.divider,
    cursor: 'pointer',
  },
  selected: { stroke: theme.palette.primary.main, strokeWidth: 3 },
  text: { fill: theme.palette.text.primary, fontSize: 13 },
}));

type NodeData = { task: RunTask };

/** Graph of parallel steps (grouped by overlapping time) with Backstage's DependencyGraph. */
export const StepsGraph = (props: {
  tasks: RunTask[];
  selected?: string;
  onSelect: (name: string) => void;
  now: number;
}) => {
  const classes = useStyles();
  const { nodes, edges } = stepGraph(props.tasks, props.now);
  const renderNode = ({
    node,
  }: DependencyGraphTypes.RenderNodeProps<NodeData>) => {
    const label = `${SYMBOL[node.task.phase] ?? ''} ${node.task.name} · ${
      node.task.phase
    }`;
    const width = Math.max(120, label.length * 7.5 + 20);
    return (
      <g onClick={() => props.onSelect(node.id)}>
        <title>{`${node.task.name}: ${node.task.phase}`}</title>
        <rect
          width={width}
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
    <DependencyGraph<NodeData, {}>
      nodes={nodes}
      edges={edges}
      direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
      renderNode={renderNode}
      paddingX={16}
      paddingY={16}
      fit="contain"
      role="img"
      aria-label="Graph of the run's steps; use the step list to navigate"
    />
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
