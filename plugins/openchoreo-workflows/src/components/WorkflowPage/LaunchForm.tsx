import { useApi, alertApiRef } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  CircularProgress,
  FormControlLabel,
  Grid,
  Paper,
  Switch,
  TextField,
  Typography,
} from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  formDefaults,
  type JSONSchema,
  type WorkflowDetail,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { withTheme } from '@rjsf/core';
import { Theme } from '@rjsf/material-ui';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { parse } from 'yaml';
import {
  FieldError,
  getFieldErrors,
  openchoreoWorkflowsApiRef,
} from '../../api';
import { formValidator, toYaml, useWorkflowsLinks } from '../shared';
import { remainingErrors, toErrorSchema } from './errorSchema';
import { PreviewPanel } from './PreviewPanel';

const Form = withTheme(Theme);

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface LaunchFormProps {
  workflow: WorkflowDetail;
  /** Parameters to start from (edit and re-run); the workflow's defaults otherwise. */
  initialParameters?: Record<string, unknown>;
  initialNamespace?: string;
  previewDebounceMs?: number;
}

function parseYamlObject(text: string): {
  value?: Record<string, unknown>;
  error?: string;
} {
  try {
    const value = parse(text) ?? {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      return { error: 'The parameters must be a YAML mapping.' };
    }
    return { value };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * The launch form: RJSF over the backend's JSON Schema and uiSchema, a YAML
 * mode, the run namespace, a live preview and the Launch button.
 */
export const LaunchForm = ({
  workflow,
  initialParameters,
  initialNamespace,
  previewDebounceMs,
}: LaunchFormProps) => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const navigate = useNavigate();
  const links = useWorkflowsLinks();
  // A run carries only what differed from the defaults: the form shows them around it.
  const [parameters, setParameters] = useState<Record<string, unknown>>(() =>
    initialParameters
      ? formDefaults(workflow.jsonSchema as JSONSchema, initialParameters)
      : workflow.defaults ?? {},
  );
  const [namespace, setNamespace] = useState(
    initialNamespace ?? workflow.namespace ?? 'default',
  );
  const [yamlMode, setYamlMode] = useState(false);
  const [yamlText, setYamlText] = useState('');
  const [yamlError, setYamlError] = useState<string>();
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [launching, setLaunching] = useState(false);
  // Remounts the RJSF form when the data is replaced from outside (YAML mode).
  const [formKey, setFormKey] = useState(0);

  const { value: known } = useAsync(() => api.listWorkflows(), [api]);
  const namespaces = useMemo(() => {
    const set = new Set<string>(['default']);
    if (workflow.namespace) set.add(workflow.namespace);
    known?.items.forEach(w => w.namespace && set.add(w.namespace));
    return [...set].sort();
  }, [known, workflow.namespace]);

  const namespaceError = DNS_1123.test(namespace)
    ? undefined
    : 'A namespace is lowercase letters, digits and "-".';
  const extraErrors = useMemo(
    () => toErrorSchema(serverErrors),
    [serverErrors],
  );
  const rootErrors = serverErrors.filter(e => e.path === '');

  // An edited field's server error no longer applies; the others stay.
  const updateParameters = (next: Record<string, unknown>) => {
    setServerErrors(errors =>
      errors.length ? remainingErrors(errors, parameters, next) : errors,
    );
    setParameters(next);
  };

  const toggleYaml = (on: boolean) => {
    if (on) {
      setYamlText(toYaml(parameters));
      setYamlError(undefined);
    } else {
      setFormKey(k => k + 1);
    }
    setYamlMode(on);
  };

  const onYamlChange = (text: string) => {
    setYamlText(text);
    const { value, error } = parseYamlObject(text);
    setYamlError(error);
    if (value) updateParameters(value);
  };

  const launch = async (values: Record<string, unknown>) => {
    if (namespaceError || yamlError) return;
    setLaunching(true);
    setServerErrors([]);
    try {
      const run = await api.launch({
        namespace,
        workflow: {
          kind: workflow.kind,
          name: workflow.name,
          namespace: workflow.namespace,
        },
        parameters: values,
        idempotencyKey:
          typeof crypto !== 'undefined' && 'randomUUID' in crypto
            ? crypto.randomUUID()
            : undefined,
      });
      alertApi.post({
        message: `Launched ${run.name}`,
        severity: 'success',
        display: 'transient',
      });
      navigate(links.run(run.namespace, run.name));
    } catch (error) {
      const fieldErrors = getFieldErrors(error);
      setServerErrors(fieldErrors);
      alertApi.post({
        message: fieldErrors.length
          ? `The parameters are not valid: ${fieldErrors.length} problem${
              fieldErrors.length === 1 ? '' : 's'
            }`
          : `Launch failed: ${
              (error as { body?: { error?: { message?: string } } }).body?.error
                ?.message ?? (error as Error).message
            }`,
        severity: 'error',
      });
    } finally {
      setLaunching(false);
    }
  };

  const launchButton = (
    <Box mt={2} display="flex" alignItems="center" gridGap={8}>
      <Button
        type={yamlMode ? 'button' : 'submit'}
        variant="contained"
        color="primary"
        disabled={
          launching ||
          Boolean(namespaceError) ||
          (yamlMode && Boolean(yamlError))
        }
        onClick={yamlMode ? () => launch(parameters) : undefined}
      >
        Launch
      </Button>
      {launching && <CircularProgress size={20} aria-label="Launching" />}
    </Box>
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <Paper variant="outlined">
          <Box p={2}>
            <Box
              display="flex"
              alignItems="flex-start"
              gridGap={16}
              flexWrap="wrap"
            >
              <Autocomplete
                id="run-namespace"
                freeSolo
                options={namespaces}
                value={namespace}
                inputValue={namespace}
                onInputChange={(_e, value) => setNamespace(value)}
                style={{ minWidth: 240 }}
                renderInput={params => (
                  <TextField
                    {...params}
                    label="Run namespace"
                    variant="outlined"
                    size="small"
                    error={Boolean(namespaceError)}
                    helperText={
                      namespaceError ?? 'Where the WorkflowRun is created'
                    }
                  />
                )}
              />
              <FormControlLabel
                control={
                  <Switch
                    checked={yamlMode}
                    onChange={e => toggleYaml(e.target.checked)}
                  />
                }
                label="Edit as YAML"
              />
            </Box>
            {rootErrors.length > 0 && (
              <Box role="alert" mt={1}>
                {rootErrors.map(e => (
                  <Typography key={e.message} color="error" variant="body2">
                    {e.message}
                  </Typography>
                ))}
              </Box>
            )}
            {yamlMode ? (
              <Box mt={2}>
                <TextField
                  multiline
                  fullWidth
                  variant="outlined"
                  minRows={12}
                  id="parameters-yaml"
                  label="Parameters (YAML)"
                  value={yamlText}
                  onChange={e => onYamlChange(e.target.value)}
                  error={Boolean(yamlError)}
                  helperText={yamlError}
                  inputProps={{
                    spellCheck: false,
                    style: { fontFamily: 'monospace' },
                  }}
                />
                {serverErrors.length > 0 && (
                  <Box role="alert" mt={1}>
                    {serverErrors.map(e => (
                      <Typography
                        key={`${e.path}:${e.message}`}
                        color="error"
                        variant="body2"
                      >
                        <code>{e.path}</code>: {e.message}
                      </Typography>
                    ))}
                  </Box>
                )}
                {launchButton}
              </Box>
            ) : (
              <Form
                key={formKey}
                schema={workflow.jsonSchema as RJSFSchema}
                uiSchema={workflow.uiSchema as UiSchema}
                formData={parameters}
                validator={formValidator}
                extraErrors={extraErrors}
                showErrorList={false}
                noHtml5Validate
                onChange={e =>
                  updateParameters(
                    (e.formData ?? {}) as Record<string, unknown>,
                  )
                }
                onSubmit={e =>
                  launch((e.formData ?? {}) as Record<string, unknown>)
                }
                disabled={launching}
              >
                {launchButton}
              </Form>
            )}
          </Box>
        </Paper>
      </Grid>
      <Grid item xs={12} md={6}>
        <Paper variant="outlined">
          <Box p={2}>
            <Typography variant="h6" component="h3">
              Preview
            </Typography>
            <Typography variant="body2" color="textSecondary" paragraph>
              What will run with these parameters, rendered by the backend.
            </Typography>
            <PreviewPanel
              workflow={{
                kind: workflow.kind,
                name: workflow.name,
                namespace: workflow.namespace,
              }}
              namespace={namespace}
              parameters={parameters}
              debounceMs={previewDebounceMs}
            />
          </Box>
        </Paper>
      </Grid>
    </Grid>
  );
};
