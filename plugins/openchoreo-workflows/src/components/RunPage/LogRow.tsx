import { makeStyles } from '@material-ui/core';
import type { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { CSSProperties, memo, MouseEvent } from 'react';
import { areEqual } from 'react-window';
import { plainText, splitByQuery } from './logSearch';

/** Height of one log line, in pixels (the list is virtualized: fixed height). */
export const ROW_HEIGHT = 20;

export const useLogStyles = makeStyles(theme => ({
  list: {
    fontFamily: 'monospace',
    fontSize: 13,
    color: theme.palette.text.primary,
    backgroundColor: theme.palette.background.paper,
    border: `1px solid ${theme.palette.divider}`,
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}` },
  },
  row: {
    display: 'flex',
    whiteSpace: 'pre',
    lineHeight: `${ROW_HEIGHT}px`,
  },
  selected: { backgroundColor: theme.palette.action.selected },
  gutter: {
    flexShrink: 0,
    minWidth: '7ch',
    paddingRight: '1ch',
    textAlign: 'right',
    userSelect: 'none',
    color: theme.palette.text.secondary,
    textDecoration: 'none',
    '&:hover, &:focus': { textDecoration: 'underline' },
  },
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  match: { backgroundColor: '#ffe082', color: '#000' },
  currentMatch: { backgroundColor: '#ff9800', color: '#000' },
}));

export type LogClasses = ReturnType<typeof useLogStyles>;

/** What every row needs, passed once to the virtualized list. */
export interface LogRowData {
  lines: readonly LogLine[];
  /** The 0-based line number in the log of `lines[0]`. */
  first: number;
  query: string;
  /** 0-based line numbers in the log. */
  currentLine?: number;
  selectedLine?: number;
  classes: LogClasses;
  href: (lineNumber: number) => string;
  onLineLink: (lineNumber: number, event: MouseEvent) => void;
}

/**
 * One line: its number in the log, a link to it (a click copies the link), then its
 * text with the search's matches highlighted. Plain elements, no ARIA roles:
 * the rows are not a grid.
 */
export const LogRow = memo(
  (props: { index: number; style: CSSProperties; data: LogRowData }) => {
    const { index, style, data } = props;
    const { classes, query } = data;
    const line = data.first + index;
    const number = line + 1;
    const current = line === data.currentLine;
    const markClass = current ? classes.currentMatch : classes.match;
    const highlighted = current || line === data.selectedLine;
    return (
      <div
        style={{ ...style, width: undefined, minWidth: '100%' }}
        className={`${classes.row} ${highlighted ? classes.selected : ''}`}
        data-line={number}
      >
        <a
          className={classes.gutter}
          href={data.href(number)}
          onClick={e => data.onLineLink(number, e)}
        >
          {number}
          <span className={classes.hidden}>: copy a link to this line</span>
        </a>
        <span>
          {splitByQuery(plainText(data.lines[index].text), query).map(
            (part, i) =>
              part.match ? (
                <mark key={i} className={markClass}>
                  {part.text}
                </mark>
              ) : (
                part.text
              ),
          )}
        </span>
      </div>
    );
  },
  areEqual,
);
