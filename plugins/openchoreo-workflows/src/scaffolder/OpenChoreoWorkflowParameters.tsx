import { Progress } from '@backstage/core-components';
import { ApiHolder, useApi } from '@backstage/core-plugin-api';
import { Box, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  applyDefaults,
  validateParameters,
  type JSONSchema,
  type WorkflowRef,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type { FieldValidation, RJSFSchema, UiSchema } from '@rjsf/utils';
import { useEffect, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { FieldError, openchoreoWorkflowsApiRef } from '../api';
import { toErrorSchema } from '../components/WorkflowPage/errorSchema';
import { ParametersForm as Form } from '../components/WorkflowPage/FieldTemplate';
import { formValidator } from '../components/shared';

/**
 * `ui:options` of the field: which workflow's parameters it edits. A type, not
 * an interface, so it satisfies RJSF's indexed `UIOptionsType`. @public
 */
export type OpenChoreoWorkflowParametersUiOptions = {
  workflow?: WorkflowRef;
  /** Configured cluster (default: the backend's first). */
  cluster?: string;
};

/** The values of a workflow's parameter form. @public */
export type WorkflowFormValues = Record<string, unknown>;

/**
 * Props of the field: the subset of the scaffolder's
 * `FieldExtensionComponentProps<Record<string, unknown>, OpenChoreoWorkflowParametersUiOptions>`
 * it uses, so this package needs no scaffolder dependency. @public
 */
export interface OpenChoreoWorkflowParametersProps {
  formData?: WorkflowFormValues;
  onChange: (value: WorkflowFormValues | undefined) => void;
  uiSchema?: { 'ui:options'?: OpenChoreoWorkflowParametersUiOptions };
  schema?: { title?: string; description?: string };
  rawErrors?: string[];
  disabled?: boolean;
  readonly?: boolean;
  idSchema?: { $id: string };
}

/** Messages of the validation function, `<path>: <message>`, back to field errors. */
function parseRawErrors(rawErrors: string[] = []): FieldError[] {
  return rawErrors.map(raw => {
    const m = /^([^\s:]*): (.*)$/s.exec(raw);
    if (!m) return { path: '', message: raw };
    return { path: m[1] === '(root)' ? '' : m[1], message: m[2] };
  });
}

const workflowLabel = (ref: WorkflowRef) =>
  `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/**
 * Scaffolder field `OpenChoreoWorkflowParameters`: renders the parameter form
 * of the Workflow or ClusterWorkflow named in `ui:options.workflow`, starting
 * from its defaults; its value goes to `openchoreo:workflow:run`'s `parameters`.
 *
 * ```yaml
 * parameters:
 *   - title: Build
 *     properties:
 *       buildParameters:
 *         type: object
 *         ui:field: OpenChoreoWorkflowParameters
 *         ui:options:
 *           workflow: { kind: Workflow, name: generic-workflow-docker-build, namespace: default }
 * ```
 *
 * @public
 */
export const OpenChoreoWorkflowParameters = (
  props: OpenChoreoWorkflowParametersProps,
) => {
  const { formData, onChange, uiSchema, schema, rawErrors, idSchema } = props;
  const api = useApi(openchoreoWorkflowsApiRef);
  const options = uiSchema?.['ui:options'] ?? {};
  const ref = options.workflow;
  const cluster = options.cluster;

  const {
    value: workflow,
    loading,
    error,
  } = useAsync(
    async () => (ref?.name ? api.getWorkflow(ref, { cluster }) : undefined),
    [api, ref?.kind, ref?.name, ref?.namespace, cluster],
  );

  // Start from the workflow's defaults (and keep what the user already chose).
  useEffect(() => {
    if (!workflow) return;
    const defaulted = applyDefaults(
      workflow.jsonSchema as JSONSchema,
      formData ?? {},
    );
    if (JSON.stringify(defaulted) !== JSON.stringify(formData ?? {})) {
      onChange(defaulted);
    }
    // Only when the workflow arrives or changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workflow]);

  const fieldErrors = useMemo(() => parseRawErrors(rawErrors), [rawErrors]);
  const extraErrors = useMemo(() => toErrorSchema(fieldErrors), [fieldErrors]);
  const rootErrors = fieldErrors.filter(e => e.path === '');

  if (!ref?.kind || !ref?.name) {
    return (
      <Alert severity="error">
        OpenChoreoWorkflowParameters needs <code>ui:options.workflow</code> with{' '}
        <code>kind</code> and <code>name</code>.
      </Alert>
    );
  }
  if (loading) return <Progress />;
  if (error || !workflow) {
    return (
      <Alert severity="error">
        Cannot load {workflowLabel(ref)}: {error?.message ?? 'not found'}
      </Alert>
    );
  }

  return (
    <Box mb={2}>
      <Typography variant="h6" component="h3">
        {schema?.title ?? workflow.title}
      </Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        {schema?.description ?? workflow.description}
      </Typography>
      {workflow.schemaErrors.length > 0 && (
        <Alert severity="warning">
          The parameter schema of {workflowLabel(ref)} has problems; the form
          may be incomplete.
        </Alert>
      )}
      {rootErrors.map(e => (
        <Typography key={e.message} color="error" variant="body2" role="alert">
          {e.message}
        </Typography>
      ))}
      <Form
        // A nested form must not render a <form> inside the scaffolder's.
        tagName="div"
        idPrefix={`${idSchema?.$id ?? 'root'}_ocw`}
        schema={workflow.jsonSchema as RJSFSchema}
        uiSchema={workflow.uiSchema as UiSchema}
        formData={formData ?? {}}
        validator={formValidator}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        disabled={props.disabled}
        readonly={props.readonly}
        onChange={e => onChange((e.formData ?? {}) as WorkflowFormValues)}
      >
        {/* no submit button: the scaffolder's own buttons move on */}
        <></>
      </Form>
    </Box>
  );
};

/**
 * Validation of the field for the scaffolder: the workflow's JSON Schema (with
 * its defaults applied, as the backend does), errors as `<path>: <message>`.
 * Its signature is the scaffolder's `CustomFieldValidator`.
 *
 * @public
 */
export async function openChoreoWorkflowParametersValidation(
  value: WorkflowFormValues | undefined,
  field: Pick<FieldValidation, 'addError'>,
  context: {
    apiHolder: ApiHolder;
    uiSchema?: { 'ui:options'?: OpenChoreoWorkflowParametersUiOptions };
  },
): Promise<void> {
  const options = context.uiSchema?.['ui:options'] ?? {};
  if (!options.workflow?.kind || !options.workflow?.name) {
    field.addError(
      '(root): ui:options.workflow with kind and name is required',
    );
    return;
  }
  const api = context.apiHolder.get(openchoreoWorkflowsApiRef);
  if (!api) return; // nothing to validate against; the action validates again
  const workflow = await api.getWorkflow(options.workflow, {
    cluster: options.cluster,
  });
  const jsonSchema = workflow.jsonSchema as JSONSchema;
  const parameters = applyDefaults(jsonSchema, value ?? {});
  for (const e of validateParameters(jsonSchema, parameters)) {
    field.addError(`${e.path || '(root)'}: ${e.message}`);
  }
}
