import {
  Box,
  IconButton,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@material-ui/icons/KeyboardArrowUp';
import { useId } from 'react';
import type { LogSearch } from './useLogSearch';

/** Longest search text: a log line search, not a document. */
export const MAX_QUERY_LENGTH = 200;

function matchSummary(search: LogSearch, partial: boolean) {
  if (!search.searched) return '';
  const total = search.matches.length;
  const where = partial ? ' in the loaded lines' : '';
  if (total === 0) return `No matching lines${where}`;
  return `${search.current + 1} of ${total} matching line${
    total === 1 ? '' : 's'
  }${where}`;
}

/** The button to the previous or the next match; disabled while nothing matches. */
const MatchStepButton = (props: {
  search: LogSearch;
  direction: 'previous' | 'next';
}) => {
  const { search, direction } = props;
  return (
    <IconButton
      size="small"
      aria-label={direction === 'previous' ? 'Previous match' : 'Next match'}
      disabled={search.matches.length === 0}
      onClick={search[direction]}
    >
      {direction === 'previous' ? (
        <KeyboardArrowUpIcon />
      ) : (
        <KeyboardArrowDownIcon />
      )}
    </IconButton>
  );
};

/**
 * Search box, match count, previous/next match and download, above the log;
 * `partial`: only some of the log's lines are loaded (the search covers those).
 */
export const LogSearchBar = (props: {
  search: LogSearch;
  partial?: boolean;
  onDownload: () => void;
}) => {
  const { search, partial = false, onDownload } = props;
  const id = useId();
  return (
    <Box display="flex" alignItems="center" gridGap={8} flexWrap="wrap" mb={1}>
      <TextField
        id={`log-search-${id}`}
        label="Search the log"
        size="small"
        variant="outlined"
        value={search.query}
        inputProps={{ maxLength: MAX_QUERY_LENGTH }}
        onChange={e => search.setQuery(e.target.value)}
        onKeyDown={e => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          if (e.shiftKey) search.previous();
          else search.next();
        }}
      />
      <Typography variant="body2" aria-live="polite">
        {matchSummary(search, partial)}
      </Typography>
      <MatchStepButton search={search} direction="previous" />
      <MatchStepButton search={search} direction="next" />
      <Box flexGrow={1} />
      <Tooltip title="Download the log">
        <IconButton
          size="small"
          aria-label="Download the log"
          onClick={onDownload}
        >
          <GetAppIcon />
        </IconButton>
      </Tooltip>
    </Box>
  );
};
