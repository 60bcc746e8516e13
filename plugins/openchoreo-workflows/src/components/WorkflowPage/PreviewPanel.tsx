import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, LinearProgress, Typography } from '@material-ui/core';
import type {
  PreviewResponse,
  WorkflowRef,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { openchoreoWorkflowsApiRef } from '../../api';
import { toYaml } from '../shared';

export interface PreviewPanelProps {
  workflow: WorkflowRef;
  /** The workflow's cluster (the backend's default when absent). */
  cluster?: string;
  namespace: string;
  parameters: Record<string, unknown>;
  /** Milliseconds to wait after the last change. */
  debounceMs?: number;
}

const Yaml = ({ title, value }: { title: string; value: unknown }) => (
  <Box mb={2}>
    <Typography variant="subtitle2" component="h4">
      {title}
    </Typography>
    <Box
      component="pre"
      p={1}
      m={0}
      overflow="auto"
      maxHeight={400}
      fontSize="0.8rem"
      bgcolor="background.default"
      tabIndex={0}
      aria-label={`${title} as YAML`}
    >
      {toYaml(value)}
    </Box>
  </Box>
);

function objectTitle(object: Record<string, any>, index: number) {
  const kind = object?.kind ?? 'Object';
  const name =
    object?.metadata?.name ?? object?.metadata?.generateName ?? `#${index + 1}`;
  return `${index === 0 ? 'Run resource' : 'Resource'}: ${kind} ${name}`;
}

/** The preview of `request` (debounced), from its workflow's cluster. */
function usePreview(
  request: {
    workflow: WorkflowRef;
    cluster?: string;
    body: { namespace: string; parameters: Record<string, unknown> };
  },
  debounceMs: number,
) {
  const api = useApi(openchoreoWorkflowsApiRef);
  const [asked, setAsked] = useState<string>();
  const [state, setState] = useState<{
    loading: boolean;
    value?: PreviewResponse;
    error?: Error;
  }>({ loading: true });

  const key = JSON.stringify(request);
  useDebounce(() => setAsked(key), debounceMs, [key]);

  useEffect(() => {
    if (asked === undefined) return undefined;
    const controller = new AbortController();
    setState(s => ({ ...s, loading: true }));
    const { workflow, cluster, body } = JSON.parse(asked);
    api
      .preview(workflow, body, { cluster, signal: controller.signal })
      .then(value => setState({ loading: false, value }))
      .catch(error => {
        if (!controller.signal.aborted) setState({ loading: false, error });
      });
    return () => controller.abort();
  }, [api, asked]);
  return state;
}

/**
 * What will run (POST preview): the defaulted parameters, what the WorkflowRun
 * will carry, and the objects OpenChoreo renders from it, or why it cannot.
 */
export const PreviewPanel = ({
  workflow,
  cluster,
  namespace,
  parameters,
  debounceMs = 500,
}: PreviewPanelProps) => {
  const { value, error, loading } = usePreview(
    { workflow, cluster, body: { namespace, parameters } },
    debounceMs,
  );
  return (
    <Box aria-busy={loading}>
      {loading && <LinearProgress aria-label="Updating preview" />}
      {error && <ResponseErrorPanel title="Preview failed" error={error} />}
      {value && (
        <>
          {value.errors.length > 0 && (
            <Box mb={2} role="alert">
              <Typography variant="subtitle2" component="h4">
                Parameter problems
              </Typography>
              <ul>
                {value.errors.map(e => (
                  <li key={`${e.path}:${e.message}`}>
                    <code>{e.path || '(parameters)'}</code>: {e.message}
                  </li>
                ))}
              </ul>
            </Box>
          )}
          {value.renderError && (
            <Box mb={2} role="alert">
              <Typography variant="subtitle2" component="h4">
                Template error: a launch would be refused
              </Typography>
              <Typography variant="body2">
                {value.renderError.message}
              </Typography>
              {value.renderError.location && (
                <Typography variant="body2">
                  At: <code>{value.renderError.location}</code>
                </Typography>
              )}
            </Box>
          )}
          {!!value.warnings?.length && (
            <Box mb={2} role="status">
              <Typography variant="subtitle2" component="h4">
                What OpenChoreo will do differently from what the template reads
              </Typography>
              <ul>
                {value.warnings.map(w => (
                  <li key={w.message}>
                    <Typography variant="body2">{w.message}</Typography>
                  </li>
                ))}
              </ul>
            </Box>
          )}
          <Yaml title="Parameters with defaults" value={value.parameters} />
          {value.runParameters && (
            <Yaml
              title="Sent in the WorkflowRun (OpenChoreo applies the defaults)"
              value={value.runParameters}
            />
          )}
          {value.objects.map((object, index) => (
            <Yaml
              key={index}
              title={objectTitle(object, index)}
              value={object}
            />
          ))}
        </>
      )}
    </Box>
  );
};
