import type { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  createContext,
  forwardRef,
  HTMLAttributes,
  RefObject,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
} from 'react';
import { FixedSizeList, ListOnScrollProps } from 'react-window';
import { LogRow, LogRowData, ROW_HEIGHT, useLogStyles } from './LogRow';
import { LogSearchBar } from './LogSearchBar';
import { useLineLinks } from './useLineLinks';
import { useLogSearch } from './useLogSearch';

export interface LogViewProps {
  /** Consecutive lines of the log, from line `first` (0-based; default 0). */
  lines: readonly LogLine[];
  first?: number;
  /** How many of `lines` are shown (fewer while following is paused). */
  count: number;
  /** Keep the last line in view as lines arrive. */
  follow: boolean;
  /** The user moved away from the end (scrolled up, went to a match or a linked line). */
  onStopFollowing: () => void;
  /** The accessible name of the scrolling log, e.g. "Log of build". */
  label: string;
  /** The query string that selects this log's step on the run page (`step=build`). */
  stepQuery: string;
  onDownload: () => void;
  /** The user scrolled to the top of the held lines (to load earlier ones). */
  onReachTop?: () => void;
  height?: number;
}

/** How close to the top (in rows) a user's scroll asks for earlier lines. */
const TOP_ROWS = 5;

/**
 * The list's scrolling: the last line kept in view while following; the
 * lines in view kept in place when earlier ones are put before them; a
 * user's scroll up stops following, and near the top asks for earlier lines.
 */
function useLogScroll(
  listRef: RefObject<FixedSizeList<LogRowData>>,
  props: LogViewProps & { first: number; height: number },
) {
  const { first, count, follow, height, onStopFollowing, onReachTop } = props;
  const scrollOffset = useRef(0);
  const previousFirst = useRef(first);
  // Before the linked line's effect, which must win on the first render.
  useEffect(() => {
    if (follow && count > 0) listRef.current?.scrollToItem(count - 1, 'end');
  }, [listRef, follow, count]);
  useLayoutEffect(() => {
    const added = previousFirst.current - first;
    previousFirst.current = first;
    if (added > 0 && !follow)
      listRef.current?.scrollTo(scrollOffset.current + added * ROW_HEIGHT);
  }, [listRef, first, follow]);

  return ({
    scrollOffset: offset,
    scrollUpdateWasRequested,
  }: ListOnScrollProps) => {
    const moved = offset !== scrollOffset.current;
    scrollOffset.current = offset;
    // The list reports its first position on mounting too: not the user's doing.
    if (scrollUpdateWasRequested || !moved) return;
    const end = count * ROW_HEIGHT - height;
    if (follow && offset < end - ROW_HEIGHT) onStopFollowing();
    if (offset < TOP_ROWS * ROW_HEIGHT) onReachTop?.();
  };
}

const LabelContext = createContext('Log');

/** The list's scrolling element: reachable with the keyboard and named (axe: scrollable-region-focusable). */
const ScrollRegion = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement>>(
  (props, ref) => (
    <div
      ref={ref}
      // A scrolling region must take focus to scroll with the keyboard (WCAG 2.1.1).
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      role="region"
      aria-label={useContext(LabelContext)}
      {...props}
    />
  ),
);

/**
 * A step's log, virtualized with react-window so 100,000 lines scroll and
 * search smoothly: only the visible rows are in the page. Search highlights
 * matches and walks them; each line number (the log's own, from `first`)
 * is a link to the line (a click copies it); a `#L<n>` in the URL opens at
 * that line.
 */
export const LogView = (props: LogViewProps) => {
  const { lines, first = 0, count, onStopFollowing, height = 400 } = props;
  const classes = useLogStyles();
  const listRef = useRef<FixedSizeList<LogRowData>>(null);
  const search = useLogSearch(lines, count, first);
  const firstRef = useRef(first);
  firstRef.current = first;
  const scrollTo = useCallback(
    (line: number) =>
      listRef.current?.scrollToItem(line - firstRef.current, 'center'),
    [],
  );
  const onScroll = useLogScroll(listRef, { ...props, first, height });

  const links = useLineLinks({
    stepQuery: props.stepQuery,
    first,
    count,
    onOpen: scrollTo,
    onStopFollowing,
  });
  const { href, onLineLink, selectedLine } = links;

  const { currentLine } = search;
  useEffect(() => {
    if (currentLine === undefined) return;
    scrollTo(currentLine);
    onStopFollowing();
    // Only a move to another match scrolls, not a new callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentLine, search.searched]);

  const itemData = useMemo<LogRowData>(
    () => ({
      lines,
      first,
      query: search.searched,
      currentLine,
      selectedLine,
      classes,
      href,
      onLineLink,
    }),
    [
      lines,
      first,
      search.searched,
      currentLine,
      selectedLine,
      classes,
      href,
      onLineLink,
    ],
  );

  return (
    <>
      <LogSearchBar
        search={search}
        partial={first > 0}
        onDownload={props.onDownload}
      />
      <div aria-live="polite" className={classes.hidden}>
        {links.copiedMessage}
      </div>
      <LabelContext.Provider value={props.label}>
        <FixedSizeList<LogRowData>
          ref={listRef}
          className={classes.list}
          outerElementType={ScrollRegion}
          height={height}
          width="100%"
          itemCount={count}
          itemSize={ROW_HEIGHT}
          itemData={itemData}
          overscanCount={10}
          onScroll={onScroll}
        >
          {LogRow}
        </FixedSizeList>
      </LabelContext.Provider>
    </>
  );
};
