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
  /** 0-based indexes of the matching lines. */
  matches: number[];
  /** Index into `matches` of the current match. */
  current: number;
  /** 0-based index of the current match's line. */
  currentLine?: number;
  next: () => void;
  previous: () => void;
}

/**
 * Searches the first `count` lines (case-insensitive), keeping the input
 * responsive (the search runs on a deferred query) and the current match
 * while lines are appended.
 */
export function useLogSearch(
  lines: readonly LogLine[],
  count: number,
): LogSearch {
  const [query, setQuery] = useState('');
  const searched = useDeferredValue(query);
  const [current, setCurrent] = useState(0);
  const lastSearched = useRef('');
  const matches = useMemo(() => {
    if (searched !== lastSearched.current) startMeasure(LOG_SEARCH_MEASURE);
    return matchingLines(lines, count, searched);
  }, [lines, count, searched]);

  useEffect(() => {
    if (searched === lastSearched.current) return;
    lastSearched.current = searched;
    setCurrent(0);
    endMeasure(LOG_SEARCH_MEASURE);
  }, [searched, matches]);

  const total = matches.length;
  const next = useCallback(
    () => setCurrent(c => (total ? (c + 1) % total : 0)),
    [total],
  );
  const previous = useCallback(
    () => setCurrent(c => (total ? (c - 1 + total) % total : 0)),
    [total],
  );
  const index = Math.min(current, Math.max(0, total - 1));
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
