import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type { WorkflowDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useState } from 'react';
import {
  FieldError,
  getFieldErrors,
  openchoreoWorkflowsApiRef,
} from '../../api';
import { useOpenRun } from '../shared';

const newIdempotencyKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : undefined;

/** The alert of a failed launch: how many field problems, or the backend's message. */
function failureMessage(error: unknown, fieldErrors: FieldError[]) {
  if (fieldErrors.length) {
    const n = fieldErrors.length;
    return `The parameters are not valid: ${n} problem${n === 1 ? '' : 's'}`;
  }
  const body = (error as { body?: { error?: { message?: string } } }).body;
  return `Launch failed: ${body?.error?.message ?? (error as Error).message}`;
}

/**
 * Launches a run of `workflow` on its cluster and opens its page with the
 * run the backend answered; on failure keeps the field problems the backend
 * named.
 */
export function useLaunch(workflow: WorkflowDetail) {
  const api = useApi(openchoreoWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const openRun = useOpenRun();
  const [launching, setLaunching] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);

  const launch = async (
    namespace: string,
    parameters: Record<string, unknown>,
  ) => {
    setLaunching(true);
    setServerErrors([]);
    try {
      const run = await api.launch(
        {
          namespace,
          workflow: {
            kind: workflow.kind,
            name: workflow.name,
            namespace: workflow.namespace,
          },
          parameters,
          idempotencyKey: newIdempotencyKey(),
        },
        { cluster: workflow.cluster },
      );
      alertApi.post({
        message: `Launched ${run.name}`,
        severity: 'success',
        display: 'transient',
      });
      openRun(run);
    } catch (error) {
      const fieldErrors = getFieldErrors(error);
      setServerErrors(fieldErrors);
      alertApi.post({
        message: failureMessage(error, fieldErrors),
        severity: 'error',
      });
    } finally {
      setLaunching(false);
    }
  };
  return { launch, launching, serverErrors, setServerErrors };
}
