import type { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  createContext,
  forwardRef,
  HTMLAttributes,
  MouseEvent,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import useCopyToClipboard from 'react-use/esm/useCopyToClipboard';
import { FixedSizeList, ListOnScrollProps } from 'react-window';
import { lineAnchor, lineFromHash } from './logSearch';
import { LogRow, LogRowData, ROW_HEIGHT, useLogStyles } from './LogRow';
import { LogSearchBar } from './LogSearchBar';
import { useLogSearch } from './useLogSearch';

export interface LogViewProps {
  lines: readonly LogLine[];
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
  height?: number;
}

const LabelContext = createContext('Log');

/** The list's scrolling element: reachable with the keyboard and named (axe: scrollable-region-focusable). */
const ScrollRegion = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement>>(
  (props, ref) => (
    <div
      ref={ref}
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
 * matches and walks them; each line number is a link to the line (a click
 * copies it); a `#L<n>` in the URL opens at that line.
 */
export const LogView = (props: LogViewProps) => {
  const { lines, count, follow, onStopFollowing, height = 400 } = props;
  const classes = useLogStyles();
  const listRef = useRef<FixedSizeList<LogRowData>>(null);
  const search = useLogSearch(lines, count);
  const { pathname, hash } = useLocation();
  const navigate = useNavigate();
  const [copyState, copy] = useCopyToClipboard();
  const [copied, setCopied] = useState<number>();
  const [selectedLine, setSelectedLine] = useState<number>();
  const linked = useRef(false);

  useEffect(() => {
    if (follow && count > 0) listRef.current?.scrollToItem(count - 1, 'end');
  }, [follow, count]);

  const { currentLine } = search;
  useEffect(() => {
    if (currentLine === undefined) return;
    listRef.current?.scrollToItem(currentLine, 'center');
    onStopFollowing();
    // Only a move to another match scrolls, not a new callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentLine, search.searched]);

  // A link to a line opens there once the line has arrived.
  const target = lineFromHash(hash);
  useEffect(() => {
    if (linked.current || target === undefined || target > count) return;
    linked.current = true;
    setSelectedLine(target - 1);
    listRef.current?.scrollToItem(target - 1, 'center');
    onStopFollowing();
  }, [target, count, onStopFollowing]);

  const href = useCallback(
    (n: number) => `${pathname}?${props.stepQuery}#${lineAnchor(n)}`,
    [pathname, props.stepQuery],
  );
  const onLineLink = useCallback(
    (n: number, event: MouseEvent) => {
      event.preventDefault();
      copy(new URL(href(n), window.location.href).toString());
      setCopied(n);
      setSelectedLine(n - 1);
      linked.current = true;
      navigate(href(n), { replace: true });
      onStopFollowing();
    },
    [copy, href, navigate, onStopFollowing],
  );

  const itemData = useMemo<LogRowData>(
    () => ({
      lines,
      query: search.searched,
      currentLine,
      selectedLine,
      classes,
      href,
      onLineLink,
    }),
    [lines, search.searched, currentLine, selectedLine, classes, href, onLineLink],
  );
  const onScroll = ({ scrollOffset, scrollUpdateWasRequested }: ListOnScrollProps) => {
    const end = count * ROW_HEIGHT - height;
    if (follow && !scrollUpdateWasRequested && scrollOffset < end - ROW_HEIGHT)
      onStopFollowing();
  };

  return (
    <>
      <LogSearchBar search={search} onDownload={props.onDownload} />
      <div aria-live="polite" className={classes.hidden}>
        {copied !== undefined &&
          (copyState.error
            ? `Link to line ${copied} is in the address bar (copying failed)`
            : `Link to line ${copied} copied`)}
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
