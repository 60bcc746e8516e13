import { FormControl, FormHelperText, Typography } from '@material-ui/core';
import { withTheme } from '@rjsf/core';
import { Templates, Theme, Widgets } from '@rjsf/material-ui';
import {
  BaseInputTemplateProps,
  descriptionId,
  errorId,
  examplesId,
  FieldTemplateProps,
  getInputProps,
  getTemplate,
  getUiOptions,
  helpId,
  WidgetProps,
} from '@rjsf/utils';
import { createContext, useContext } from 'react';

/** The ids of the description, errors and help a field shows, for its input. */
const DescribedBy = createContext<string | undefined>(undefined);

/**
 * RJSF's field frame (label, description, errors, help) for the Material UI
 * theme, which also tells its input which of those it shows: the theme's own
 * widgets put `aria-describedby` on the TextField's outer div, not on the
 * input, so a screen reader never reads a field's description or errors.
 * Errors are one list with one id (the theme repeats the id on each error).
 */
export function FieldTemplate(props: FieldTemplateProps) {
  const { id, children, hidden, displayLabel, rawDescription, rawHelp } = props;
  const { registry, uiSchema, rawErrors = [] } = props;
  if (hidden) return <div style={{ display: 'none' }}>{children}</div>;
  const Wrap = getTemplate(
    'WrapIfAdditionalTemplate',
    registry,
    getUiOptions(uiSchema),
  );
  const showDescription = displayLabel && Boolean(rawDescription);
  const describedBy =
    [
      showDescription && descriptionId(id),
      rawErrors.length > 0 && errorId(id),
      rawHelp && helpId(id),
    ]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
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
        <DescribedBy.Provider value={describedBy}>
          {children}
        </DescribedBy.Provider>
        {showDescription && (
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
  );
}

const ThemeInput = Templates.BaseInputTemplate!;
const ThemeSelect = Widgets.SelectWidget!;

/** The theme's text input, with its field's `aria-describedby` on the `<input>`. */
export function BaseInputTemplate(props: BaseInputTemplateProps) {
  const describedBy = useContext(DescribedBy);
  // The theme builds `inputProps` from these; passing ours replaces its own.
  const { step, min, max } = getInputProps(
    props.schema,
    props.type,
    props.options,
  );
  return (
    <ThemeInput
      {...props}
      inputProps={{
        step,
        min,
        max,
        ...(props.schema.examples ? { list: examplesId(props.id) } : {}),
        'aria-describedby': describedBy,
      }}
    />
  );
}

/** The theme's drop-down, with its field's `aria-describedby` on the control that takes focus. */
export function SelectWidget(props: WidgetProps) {
  const describedBy = useContext(DescribedBy);
  return (
    <ThemeSelect
      {...props}
      SelectProps={{
        ...props.SelectProps,
        SelectDisplayProps: { 'aria-describedby': describedBy },
      }}
    />
  );
}

/** RJSF's Material UI form with {@link FieldTemplate} and its inputs: the launch and scaffolder forms. */
export const ParametersForm = withTheme({
  ...Theme,
  templates: { ...Theme.templates, FieldTemplate, BaseInputTemplate },
  widgets: { ...Theme.widgets, SelectWidget },
});
