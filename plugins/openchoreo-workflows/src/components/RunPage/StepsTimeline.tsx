import { makeStyles, Typography } from '@material-ui/core';
import { KeyboardEvent, memo, MouseEvent, useRef } from 'react';
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
    ...theme.typography.body2,
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
  // Default text colour: the theme's error red on the selected row's grey
  // is 3.4:1 (axe color-contrast); the phase says it failed.
  message: { ...theme.typography.caption, display: 'block' },
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

type Classes = ReturnType<typeof useStyles>;

export interface StepsTimelineProps {
  tasks: RunTask[];
  selected?: string;
  onSelect: (name: string) => void;
  now: number;
}

/**
 * One step: its name and message (why it failed, usually), phase, start and
 * duration, and its span as a bar on the run's time axis `[axisStart,
 * axisEnd]` (ms). Plain elements styled once by the list (a run can have
 * hundreds of steps), re-rendered only when its own props change.
 */
const StepRow = memo(
  (props: {
    task: RunTask;
    index: number;
    selected: boolean;
    focusable: boolean;
    axisStart: number;
    axisEnd: number;
    /** `now` for a running step; 0 for a finished one, so the clock does not re-render it. */
    now: number;
    classes: Classes;
  }) => {
    const { task, classes, axisStart, now } = props;
    const duration =
      task.durationMs ?? durationBetween(task.startedAt, task.completedAt, now);
    const start = task.startedAt ? Date.parse(task.startedAt) : undefined;
    const end = task.completedAt ? Date.parse(task.completedAt) : now;
    const span = props.axisEnd - axisStart;
    return (
      <li
        role="option"
        data-index={props.index}
        aria-selected={props.selected}
        tabIndex={props.focusable ? 0 : -1}
        className={`${classes.step} ${props.selected ? classes.selected : ''}`}
      >
        <div>
          <strong>{task.name}</strong>
          {task.message && (
            <span className={classes.message}>{task.message}</span>
          )}
        </div>
        <RunStatus phase={task.phase} />
        <span title={formatTime(task.startedAt)}>
          {task.startedAt
            ? new Date(task.startedAt).toLocaleTimeString()
            : 'not started'}
          {duration !== undefined && ` · ${formatDuration(duration)}`}
        </span>
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
      </li>
    );
  },
);

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
  const list = useRef<HTMLOListElement>(null);
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

  /** The row an event came from (one handler for the whole list). */
  const rowOf = (event: MouseEvent | KeyboardEvent) => {
    const row = (event.target as Element).closest('[data-index]');
    return row ? Number(row.getAttribute('data-index')) : undefined;
  };
  const focus = (index: number) => {
    const next = Math.max(0, Math.min(tasks.length - 1, index));
    (list.current?.children[next] as HTMLElement | undefined)?.focus();
    onSelect(tasks[next].name);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const index = rowOf(e);
    if (index === undefined) return;
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
  const onClick = (e: MouseEvent) => {
    const index = rowOf(e);
    if (index !== undefined) onSelect(tasks[index].name);
  };

  if (tasks.length === 0) {
    return (
      <Typography color="textSecondary">No steps have started yet.</Typography>
    );
  }
  return (
    // Keyboard and click handled once here for every option (rows are memoized).
    <ol
      ref={list}
      className={classes.list}
      role="listbox"
      aria-label="Steps"
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      {tasks.map((task, index) => (
        <StepRow
          key={task.name}
          task={task}
          index={index}
          selected={task.name === selected}
          focusable={index === selectedIndex}
          axisStart={axisStart}
          axisEnd={axisEnd}
          now={task.completedAt ? 0 : now}
          classes={classes}
        />
      ))}
    </ol>
  );
};
