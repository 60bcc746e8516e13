import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { Button } from '@material-ui/core';
import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { openchoreoWorkflowsApiRef } from '../../api';
import { useOpenRun, useWorkflowsLinks } from '../shared';
import { EDIT_FROM_PARAM } from '../WorkflowPage/WorkflowPage';
import { StopDialog } from './StopDialog';

/**
 * Stop (after confirmation; while the run runs), Re-run (opens the new run)
 * and Edit and re-run (the workflow's form, prefilled), on the run's
 * `cluster` (the backend's default when absent).
 */
export const RunActions = (props: {
  run: RunDetail;
  cluster: string | undefined;
  running: boolean;
  onStopped: (run: RunDetail) => void;
}) => {
  const { run, cluster, running, onStopped } = props;
  const api = useApi(openchoreoWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const navigate = useNavigate();
  const links = useWorkflowsLinks();
  const openRun = useOpenRun();
  const [stopOpen, setStopOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const failed = (what: string, e: unknown) =>
    alertApi.post({
      message: `${what} failed: ${(e as Error).message}`,
      severity: 'error',
    });

  const stop = async () => {
    setBusy(true);
    try {
      onStopped(await api.stopRun(run.namespace, run.name, { cluster }));
      alertApi.post({
        message: `Stopped ${run.name}`,
        severity: 'info',
        display: 'transient',
      });
    } catch (e) {
      failed('Stop', e);
    } finally {
      setBusy(false);
      setStopOpen(false);
    }
  };

  const rerun = async () => {
    setBusy(true);
    try {
      openRun(await api.rerun(run.namespace, run.name, undefined, { cluster }));
    } catch (e) {
      failed('Re-run', e);
    } finally {
      setBusy(false);
    }
  };

  const editAndRerun = () =>
    navigate(
      links.workflow(
        run.workflow,
        { [EDIT_FROM_PARAM]: `${run.namespace}/${run.name}` },
        cluster ?? run.cluster,
      ),
      { state: { parameters: run.parameters } },
    );

  return (
    <>
      {running && !run.archived && (
        <Button
          variant="outlined"
          color="secondary"
          onClick={() => setStopOpen(true)}
          disabled={busy}
        >
          Stop
        </Button>
      )}
      <Button variant="outlined" onClick={rerun} disabled={busy}>
        Re-run
      </Button>
      <Button variant="outlined" color="primary" onClick={editAndRerun}>
        Edit and re-run
      </Button>
      <StopDialog
        open={stopOpen}
        runName={run.name}
        busy={busy}
        onCancel={() => setStopOpen(false)}
        onConfirm={stop}
      />
    </>
  );
};
