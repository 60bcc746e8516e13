import {
  Box,
  Button,
  CircularProgress,
  FormControlLabel,
  Grid,
  Paper,
  Switch,
  Typography,
} from '@material-ui/core';
import type { WorkflowDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { ComponentProps, useMemo, useState } from 'react';
import { ScheduleButton } from '../Schedules';
import { formValidator } from '../shared';
import { toErrorSchema } from './errorSchema';
import { ParametersForm as Form } from './FieldTemplate';
import { NamespaceField, namespaceProblem } from './NamespaceField';
import { PreviewPanel } from './PreviewPanel';
import { useLaunch } from './useLaunch';
import { useParametersEditor } from './useParametersEditor';
import { FieldErrorList, YamlParameters } from './YamlParameters';

export interface LaunchFormProps {
  workflow: WorkflowDetail;
  /** Parameters to start from (edit and re-run); the workflow's defaults otherwise. */
  initialParameters?: Record<string, unknown>;
  initialNamespace?: string;
  previewDebounceMs?: number;
}

const LaunchButton = (props: {
  submit: boolean;
  disabled: boolean;
  launching: boolean;
  onClick?: () => void;
  /** What Schedule…, beside Launch, schedules. */
  schedule: Omit<ComponentProps<typeof ScheduleButton>, 'disabled'>;
}) => (
  <Box mt={2} display="flex" alignItems="center" gridGap={8}>
    <Button
      type={props.submit ? 'submit' : 'button'}
      variant="contained"
      color="primary"
      disabled={props.disabled}
      onClick={props.onClick}
    >
      Launch
    </Button>
    <ScheduleButton {...props.schedule} disabled={props.disabled} />
    {props.launching && <CircularProgress size={20} aria-label="Launching" />}
  </Box>
);

const PreviewCard = (props: {
  workflow: WorkflowDetail;
  namespace: string;
  parameters: Record<string, unknown>;
  debounceMs?: number;
}) => (
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
          kind: props.workflow.kind,
          name: props.workflow.name,
          namespace: props.workflow.namespace,
        }}
        cluster={props.workflow.cluster}
        namespace={props.namespace}
        parameters={props.parameters}
        debounceMs={props.debounceMs}
      />
    </Box>
  </Paper>
);

/**
 * The launch form: RJSF over the backend's JSON Schema and uiSchema, a YAML
 * mode, the run namespace, a live preview and the Launch button.
 */
export const LaunchForm = (props: LaunchFormProps) => {
  const { workflow, initialParameters } = props;
  const { launch, launching, serverErrors, setServerErrors } =
    useLaunch(workflow);
  const { parameters, update, yaml, toggleYaml, editYaml, formKey } =
    useParametersEditor(workflow, initialParameters, setServerErrors);
  const [namespace, setNamespace] = useState(
    props.initialNamespace ?? workflow.namespace ?? 'default',
  );
  const extraErrors = useMemo(
    () => toErrorSchema(serverErrors),
    [serverErrors],
  );
  const blocked = Boolean(namespaceProblem(namespace) || yaml?.error);
  const submit = (values: Record<string, unknown>) => {
    if (!blocked) launch(namespace, values);
  };
  const button = (
    <LaunchButton
      submit={!yaml}
      disabled={launching || blocked}
      launching={launching}
      onClick={yaml ? () => submit(parameters) : undefined}
      schedule={{
        workflow,
        namespace,
        parameters,
        onFieldErrors: setServerErrors,
      }}
    />
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
              <NamespaceField
                value={namespace}
                onChange={setNamespace}
                workflow={workflow}
              />
              <FormControlLabel
                control={
                  <Switch
                    checked={Boolean(yaml)}
                    onChange={e => toggleYaml(e.target.checked)}
                  />
                }
                label="Edit as YAML"
              />
            </Box>
            <FieldErrorList errors={serverErrors.filter(e => e.path === '')} />
            {yaml ? (
              <Box mt={2}>
                <YamlParameters
                  text={yaml.text}
                  error={yaml.error}
                  serverErrors={serverErrors}
                  onChange={editYaml}
                />
                {button}
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
                onChange={e => update(e.formData ?? {})}
                onSubmit={e => submit(e.formData ?? {})}
                disabled={launching}
              >
                {button}
              </Form>
            )}
          </Box>
        </Paper>
      </Grid>
      <Grid item xs={12} md={6}>
        <PreviewCard
          workflow={workflow}
          namespace={namespace}
          parameters={parameters}
          debounceMs={props.previewDebounceMs}
        />
      </Grid>
    </Grid>
  );
};
