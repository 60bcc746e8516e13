import { Box, makeStyles, Typography } from '@material-ui/core';
import { KeyboardEvent, useRef } from 'react';
import type { RunTask } from '../../api';
import {
  durationBetween,
  formatDuration,
  formatTime,
  RunStatus,
} from '../shared';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  step: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, 1.5fr) 130px 110px minmax(80px, 2fr)',
    gap: theme.spacing(1),
    alignItems: 'center',
    padding: theme.spacing(1),
    borderLeft: `4px solid transparent`,
    cursor: 'pointer',
    '&:focus': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
    '&:hover': { backgroundColor: theme.palette.action.hover },
  },
  selected: {
    borderLeftColor: theme.palette.primary.main,
    backgroundColor: theme.palette.action.selected,
  },
  track: {
    position: 'relative',
    height: 10,
    background: theme.palette.action.hover,
  },
  bar: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    background: theme.palette.primary.main,
  },
}));

export interface StepsTimelineProps {
  tasks: RunTask[];
  selected?: string;
  onSelect: (name: string) => void;
  now: number;
}

/** The step's name and its message (why it failed, usually). */
const StepName = ({ task }: { task: RunTask }) => (
  <Box>
    <Typography variant="body2" component="span">
      <strong>{task.name}</strong>
    </Typography>
    {task.message && (
      // Default text colour: the theme's error red on the selected
      // row's grey is 3.4:1 (axe color-contrast); the phase says it failed.
      <Typography variant="caption" display="block">
        {task.message}
      </Typography>
    )}
  </Box>
);

/** The step's span as a bar on the run's time axis `[start, end]` (ms). */
const StepBar = (props: {
  task: RunTask;
  axis: [number, number];
  now: number;
}) => {
  const classes = useStyles();
  const { task, now } = props;
  const [axisStart, axisEnd] = props.axis;
  const start = task.startedAt ? Date.parse(task.startedAt) : undefined;
  const end = task.completedAt ? Date.parse(task.completedAt) : now;
  const span = axisEnd - axisStart;
  return (
    <div className={classes.track} aria-hidden>
      {start !== undefined && (
        <div
          className={classes.bar}
          style={{
            left: `${((start - axisStart) / span) * 100}%`,
            width: `${Math.max(0.5, ((end - start) / span) * 100)}%`,
          }}
        />
      )}
    </div>
  );
};

/**
 * The steps in order, with phase, start, duration and a bar on the run's time
 * axis. A listbox: arrow keys, Home and End move, Enter or Space opens the logs.
 */
export const StepsTimeline = ({
  tasks,
  selected,
  onSelect,
  now,
}: StepsTimelineProps) => {
  const classes = useStyles();
  const refs = useRef<Array<HTMLLIElement | null>>([]);
  const starts = tasks.flatMap(t =>
    t.startedAt ? [Date.parse(t.startedAt)] : [],
  );
  const ends = tasks.map(t =>
    t.completedAt ? Date.parse(t.completedAt) : now,
  );
  const axisStart = starts.length ? Math.min(...starts) : now;
  const axisEnd = Math.max(axisStart + 1, ...ends);
  const selectedIndex = Math.max(
    0,
    tasks.findIndex(t => t.name === selected),
  );

  const focus = (index: number) => {
    const next = Math.max(0, Math.min(tasks.length - 1, index));
    refs.current[next]?.focus();
    onSelect(tasks[next].name);
  };
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: tasks.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      focus(moves[e.key]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(tasks[index].name);
    }
  };

  if (tasks.length === 0) {
    return (
      <Typography color="textSecondary">No steps have started yet.</Typography>
    );
  }
  return (
    <ol className={classes.list} role="listbox" aria-label="Steps">
      {tasks.map((task, index) => {
        const duration =
          task.durationMs ??
          durationBetween(task.startedAt, task.completedAt, now);
        return (
          <li
            key={task.name}
            ref={el => {
              refs.current[index] = el;
            }}
            role="option"
            aria-selected={task.name === selected}
            tabIndex={index === selectedIndex ? 0 : -1}
            className={`${classes.step} ${
              task.name === selected ? classes.selected : ''
            }`}
            onClick={() => onSelect(task.name)}
            onKeyDown={e => onKeyDown(e, index)}
          >
            <StepName task={task} />
            <RunStatus phase={task.phase} />
            <Typography variant="body2" title={formatTime(task.startedAt)}>
              {task.startedAt
                ? new Date(task.startedAt).toLocaleTimeString()
                : 'not started'}
              {duration !== undefined && ` · ${formatDuration(duration)}`}
            </Typography>
            <StepBar task={task} axis={[axisStart, axisEnd]} now={now} />
          </li>
        );
      })}
    </ol>
  );
};
