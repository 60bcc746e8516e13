import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@material-ui/core';

/** Confirms a stop: it deletes the run from the cluster (it stays in the archive). */
export const StopDialog = (props: {
  open: boolean;
  runName: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) => (
  <Dialog
    open={props.open}
    onClose={props.onCancel}
    aria-labelledby="stop-run-title"
  >
    <DialogTitle id="stop-run-title">Stop run {props.runName}?</DialogTitle>
    <DialogContent>
      <DialogContentText>
        Stopping deletes the WorkflowRun and its running steps from the cluster.
        Its record and logs read so far stay in the run history. This cannot be
        undone.
      </DialogContentText>
    </DialogContent>
    <DialogActions>
      <Button onClick={props.onCancel}>Cancel</Button>
      <Button
        onClick={props.onConfirm}
        color="secondary"
        variant="contained"
        disabled={props.busy}
      >
        Stop run
      </Button>
    </DialogActions>
  </Dialog>
);
