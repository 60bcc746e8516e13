import type { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { endMeasure, startMeasure } from '../shared';
import { matchingLines } from './logSearch';

/** The User Timing measure of one search, from the query to the committed highlights. */
export const LOG_SEARCH_MEASURE = 'ocw:log-search';

export interface LogSearch {
  query: string;
  setQuery: (query: string) => void;
  /** The query the matches are for (it lags `query` while a search runs). */
  searched: string;
  /** 0-based line numbers (in the whole log) of the matching lines. */
  matches: number[];
  /** Index into `matches` of the current match. */
  current: number;
  /** 0-based line number of the current match's line. */
  currentLine?: number;
  next: () => void;
  previous: () => void;
}

/** The index of the first of the sorted `matches` at or after `line`. */
function indexAtOrAfter(matches: readonly number[], line: number) {
  let low = 0;
  let high = matches.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (matches[middle] < line) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Searches the first `count` held lines (case-insensitive; they are lines
 * `first`… of the log), keeping the input responsive (the search runs on a
 * deferred query) and the current match on its line while lines are
 * appended or earlier ones loaded.
 */
export function useLogSearch(
  lines: readonly LogLine[],
  count: number,
  first = 0,
): LogSearch {
  const [query, setQuery] = useState('');
  const searched = useDeferredValue(query);
  // The line of the current match, for the query it was found with.
  const [pinned, setPinned] = useState<{ query: string; line: number }>();
  const lastSearched = useRef('');
  const matches = useMemo(() => {
    if (searched !== lastSearched.current) startMeasure(LOG_SEARCH_MEASURE);
    return matchingLines(lines, count, searched).map(i => first + i);
  }, [lines, count, searched, first]);

  useEffect(() => {
    if (searched === lastSearched.current) return;
    lastSearched.current = searched;
    setPinned(
      matches.length ? { query: searched, line: matches[0] } : undefined,
    );
    endMeasure(LOG_SEARCH_MEASURE);
  }, [searched, matches]);

  const total = matches.length;
  const currentAt = pinned?.query === searched ? pinned.line : undefined;
  const found =
    currentAt === undefined ? 0 : indexAtOrAfter(matches, currentAt);
  const index = Math.min(found, Math.max(0, total - 1));
  const next = useCallback(() => {
    if (total)
      setPinned({ query: searched, line: matches[(index + 1) % total] });
  }, [searched, matches, index, total]);
  const previous = useCallback(() => {
    if (total)
      setPinned({
        query: searched,
        line: matches[(index - 1 + total) % total],
      });
  }, [searched, matches, index, total]);
  return {
    query,
    setQuery,
    searched,
    matches,
    current: index,
    currentLine: total ? matches[index] : undefined,
    next,
    previous,
  };
}
