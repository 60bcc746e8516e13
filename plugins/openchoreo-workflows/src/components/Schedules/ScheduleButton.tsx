import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import type { WorkflowDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useState } from 'react';
import {
  FieldError,
  getFieldErrors,
  openchoreoWorkflowsApiRef,
} from '../../api';

const localZone = () => {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

type ScheduleButtonProps = {
  workflow: WorkflowDetail;
  namespace: string;
  parameters: Record<string, unknown>;
  disabled?: boolean;
  onFieldErrors?: (errors: FieldError[]) => void;
};

/** Creates the schedule; keeps the field problems the backend names. */
function useCreateSchedule(props: ScheduleButtonProps, onCreated: () => void) {
  const api = useApi(openchoreoWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);

  const save = async (cron: string, timezone: string) => {
    setSaving(true);
    setErrors([]);
    try {
      const { workflow } = props;
      const schedule = await api.createSchedule(
        {
          workflow: {
            kind: workflow.kind,
            name: workflow.name,
            namespace: workflow.namespace,
          },
          namespace: props.namespace,
          parameters: props.parameters,
          cron,
          timezone,
        },
        { cluster: workflow.cluster },
      );
      alertApi.post({
        message: `Scheduled; the first run is at ${schedule.nextRunAt}`,
        severity: 'success',
        display: 'transient',
      });
      onCreated();
    } catch (e) {
      const fieldErrors = getFieldErrors(e);
      setErrors(fieldErrors);
      props.onFieldErrors?.(
        fieldErrors.filter(f => f.path !== 'cron' && f.path !== 'timezone'),
      );
      if (!fieldErrors.length) {
        alertApi.post({
          message: `Could not schedule: ${(e as Error).message}`,
          severity: 'error',
        });
      }
    } finally {
      setSaving(false);
    }
  };

  return { save, saving, errors };
}

/**
 * "Schedule…" beside Launch: the launch form's namespace and parameters,
 * launched on a cron expression in a time zone. Field problems the backend
 * names (cron, timezone, parameters) are shown; parameter ones also go back
 * to the form through `onFieldErrors`.
 */
export const ScheduleButton = (props: ScheduleButtonProps) => {
  const [open, setOpen] = useState(false);
  const [cron, setCron] = useState('0 * * * *');
  const [timezone, setTimezone] = useState(localZone);
  const { save, saving, errors } = useCreateSchedule(props, () =>
    setOpen(false),
  );
  const errorOf = (path: string) => errors.find(e => e.path === path)?.message;

  const others = errors.filter(e => e.path !== 'cron' && e.path !== 'timezone');
  return (
    <>
      <Button
        variant="outlined"
        disabled={props.disabled}
        onClick={() => setOpen(true)}
      >
        Schedule…
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby="schedule-title"
      >
        <DialogTitle id="schedule-title">
          Schedule {props.workflow.name}
        </DialogTitle>
        <DialogContent>
          <TextField
            id="schedule-cron"
            label="Cron (minute hour day month weekday)"
            value={cron}
            onChange={e => setCron(e.target.value)}
            error={!!errorOf('cron')}
            helperText={
              errorOf('cron') ?? 'e.g. 0 2 * * 1-5: at 02:00 on weekdays'
            }
            fullWidth
            margin="normal"
          />
          <TextField
            id="schedule-timezone"
            label="Time zone"
            value={timezone}
            onChange={e => setTimezone(e.target.value)}
            error={!!errorOf('timezone')}
            helperText={
              errorOf('timezone') ?? 'An IANA time zone, e.g. Europe/Paris'
            }
            fullWidth
            margin="normal"
          />
          {others.map(e => (
            <p key={`${e.path}:${e.message}`} role="alert">
              {e.path ? `${e.path}: ` : ''}
              {e.message}
            </p>
          ))}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            disabled={saving}
            onClick={() => save(cron, timezone)}
          >
            Create schedule
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
