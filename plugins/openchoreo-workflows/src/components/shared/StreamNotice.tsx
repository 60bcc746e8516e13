import { Box } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { StreamInterruption } from '../../api';

/** The server's wording without its advice to reconnect, which the client follows itself. */
const reasonText = (message: string) =>
  message.replace(/;?\s*reconnect to go on\.?$/i, '');

/**
 * Says that a live stream (`what`: "Live updates", "The live log") stopped
 * or paused, and why: stopped for good after a denial or a refusal (reload
 * to try again), paused while the client reconnects otherwise.
 */
export const StreamNotice = ({
  interruption,
  what,
}: {
  interruption: StreamInterruption | undefined;
  what: string;
}) => {
  if (!interruption) return null;
  const why = reasonText(interruption.message);
  return (
    <Box mb={2}>
      {interruption.retrying ? (
        <Alert severity="info" role="status">
          {what} paused: {why}. Reconnecting…
        </Alert>
      ) : (
        <Alert severity="warning" role="alert">
          {what} stopped: {why}. Reload the page to try again.
        </Alert>
      )}
    </Box>
  );
};
