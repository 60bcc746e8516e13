import { FormControl, FormHelperText, Typography } from '@material-ui/core';
import { withTheme } from '@rjsf/core';
import { Theme } from '@rjsf/material-ui';
import {
  descriptionId,
  errorId,
  FieldTemplateProps,
  getSchemaType,
  getTemplate,
  getUiOptions,
  helpId,
} from '@rjsf/utils';
import { DescribedBy } from './describedBy';
import {
  ArrayFieldItemTemplate,
  ArrayFieldTemplate,
  ObjectFieldTemplate,
  WrapIfAdditionalTemplate,
} from './groupTemplates';
import {
  BaseInputTemplate,
  CheckboxesWidget,
  CheckboxWidget,
  RadioWidget,
  RangeWidget,
  SelectWidget,
} from './inputWidgets';

/**
 * Where a field's description is shown: by the object or array template, in
 * its fieldset; beside a boolean's checkbox (which has its own label); with
 * the field's label otherwise.
 */
function descriptionPlace(props: FieldTemplateProps) {
  const { displayLabel, rawDescription, schema, uiSchema } = props;
  if (!rawDescription) return undefined;
  const type = getSchemaType(schema);
  if (!displayLabel && (type === 'object' || type === 'array')) return 'group';
  if (displayLabel) return 'field';
  const checkbox = type === 'boolean' && getUiOptions(uiSchema).label !== false;
  return checkbox ? 'field' : undefined;
}

/**
 * RJSF's field frame (label, description, errors, help) for the Material UI
 * theme, which also tells the inputs, groups and fieldsets inside it which of
 * those it shows (`aria-describedby`; see ./inputWidgets and ./groupTemplates).
 * Errors are one list with one id (the theme repeats the id on each error).
 */
export function FieldTemplate(props: FieldTemplateProps) {
  const { id, children, hidden, rawHelp } = props;
  const { registry, uiSchema, rawErrors = [] } = props;
  if (hidden) return <div style={{ display: 'none' }}>{children}</div>;
  const Wrap = getTemplate(
    'WrapIfAdditionalTemplate',
    registry,
    getUiOptions(uiSchema),
  );
  const place = descriptionPlace(props);
  const describedBy =
    [
      place && descriptionId(id),
      rawErrors.length > 0 && errorId(id),
      rawHelp && helpId(id),
    ]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <DescribedBy.Provider value={describedBy}>
      <Wrap
        classNames={props.classNames}
        style={props.style}
        disabled={props.disabled}
        id={id}
        label={props.label}
        onDropPropertyClick={props.onDropPropertyClick}
        onKeyChange={props.onKeyChange}
        readonly={props.readonly}
        required={props.required}
        schema={props.schema}
        uiSchema={uiSchema}
        registry={registry}
      >
        <FormControl
          fullWidth
          error={rawErrors.length > 0}
          required={props.required}
        >
          {children}
          {place === 'field' && (
            <Typography variant="caption" color="textSecondary" component="div">
              {props.description}
            </Typography>
          )}
          {rawErrors.length > 0 && (
            <div id={errorId(id)}>
              {rawErrors.map((error, i) => (
                <FormHelperText key={i}>{error}</FormHelperText>
              ))}
            </div>
          )}
          {props.help}
        </FormControl>
      </Wrap>
    </DescribedBy.Provider>
  );
}

/** RJSF's Material UI form with {@link FieldTemplate} and its inputs: the launch and scaffolder forms. */
export const ParametersForm = withTheme({
  ...Theme,
  templates: {
    ...Theme.templates,
    FieldTemplate,
    BaseInputTemplate,
    ObjectFieldTemplate,
    ArrayFieldTemplate,
    ArrayFieldItemTemplate,
    WrapIfAdditionalTemplate,
  },
  widgets: {
    ...Theme.widgets,
    SelectWidget,
    CheckboxWidget,
    CheckboxesWidget,
    RadioWidget,
    RangeWidget,
  },
});
