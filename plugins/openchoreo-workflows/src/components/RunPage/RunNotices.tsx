import { WarningPanel } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { formatDuration } from '../shared';

/** How long a run may stay Pending with no step before the page explains why. */
const STUCK_AFTER_MS = 2 * 60e3;

const Diagnosis = ({ diagnosis }: { diagnosis: RunDetail['diagnosis'] }) =>
  diagnosis ? (
    <Box mb={2} role="alert">
      <WarningPanel
        severity="error"
        title="This run cannot start: OpenChoreo cannot render it"
        defaultExpanded
      >
        <Typography variant="body2">{diagnosis.message}</Typography>
        {diagnosis.location && (
          <Typography variant="body2">
            At <code>{diagnosis.location}</code> of the workflow.
          </Typography>
        )}
        <Typography variant="body2">
          OpenChoreo keeps it Pending and only logs the error. Stop it, and
          launch again with parameters the workflow can render (the workflow
          page previews them).
        </Typography>
      </WarningPanel>
    </Box>
  ) : null;

/**
 * What the run's status says in words: its message, why OpenChoreo cannot
 * render it, or that it has been Pending for long with no step started.
 */
export const RunNotices = ({
  run,
  pendingFor,
}: {
  run: RunDetail;
  pendingFor: number;
}) => {
  const stuck =
    run.phase === 'Pending' &&
    run.tasks.length === 0 &&
    pendingFor > STUCK_AFTER_MS;
  return (
    <>
      {run.message && (
        <Box mb={2} role={run.phase === 'Failed' ? 'alert' : undefined}>
          <Typography variant="body2">
            {run.reason && <strong>{run.reason}: </strong>}
            {run.message}
          </Typography>
        </Box>
      )}
      <Diagnosis diagnosis={run.diagnosis} />
      {stuck && !run.diagnosis && (
        <Box mb={2}>
          <WarningPanel
            severity="info"
            title={`Pending for ${formatDuration(
              pendingFor,
            )} with no step started`}
          >
            A run stays Pending when the workflow plane is missing or the
            template cannot be rendered. The conditions below say why.
          </WarningPanel>
        </Box>
      )}
    </>
  );
};
