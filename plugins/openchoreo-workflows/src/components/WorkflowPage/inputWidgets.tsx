import {
  Checkbox,
  FormControlLabel,
  FormGroup,
  FormLabel,
  Radio,
  RadioGroup,
  Slider,
} from '@material-ui/core';
import { Templates, Widgets } from '@rjsf/material-ui';
import {
  BaseInputTemplateProps,
  enumOptionsDeselectValue,
  enumOptionsIndexForValue,
  enumOptionsIsSelected,
  enumOptionsSelectValue,
  enumOptionsValueForIndex,
  examplesId,
  getInputProps,
  labelValue,
  optionId,
  rangeSpec,
  schemaRequiresTrueValue,
  WidgetProps,
} from '@rjsf/utils';
import { forwardRef, HTMLAttributes } from 'react';
import { labelId, useDescribedBy } from './describedBy';

/*
 * The Material UI theme's widgets put `aria-describedby` on a wrapper (a
 * TextField's div, a checkbox's span, a radio group) or point it at ids that
 * do not exist, so a screen reader reads neither a field's description nor
 * its errors. These put their field's ids on the element that takes focus.
 */

const ThemeInput = Templates.BaseInputTemplate!;
const ThemeSelect = Widgets.SelectWidget!;

/** Text, number, up-down, textarea, password, date and date-time inputs. */
export function BaseInputTemplate(props: BaseInputTemplateProps) {
  const describedBy = useDescribedBy();
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

/** The drop-down (single and multiple), described on the control that takes focus. */
export function SelectWidget(props: WidgetProps) {
  const describedBy = useDescribedBy();
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

/** A boolean's checkbox; its description is shown by the FieldTemplate. */
export function CheckboxWidget(props: WidgetProps) {
  const { id, value, disabled, readonly, label, hideLabel, onChange } = props;
  const describedBy = useDescribedBy();
  return (
    <FormControlLabel
      control={
        <Checkbox
          id={id}
          name={id}
          checked={Boolean(value)}
          required={schemaRequiresTrueValue(props.schema)}
          disabled={disabled || readonly}
          onChange={(_, checked) => onChange(checked)}
          onBlur={() => props.onBlur(id, value)}
          onFocus={() => props.onFocus(id, value)}
          inputProps={{ 'aria-describedby': describedBy }}
        />
      }
      label={labelValue(label, hideLabel, false)}
    />
  );
}

/** The label of a group widget, which names its group. */
const GroupLabel = (props: WidgetProps) =>
  labelValue(
    <FormLabel id={labelId(props.id)} required={props.required}>
      {props.label || undefined}
    </FormLabel>,
    props.hideLabel,
  ) as JSX.Element;

/** An array of enums as checkboxes: a group named by the field's label. */
export function CheckboxesWidget(props: WidgetProps) {
  const { id, options, value, disabled, readonly, onChange } = props;
  const describedBy = useDescribedBy();
  const { enumOptions = [], enumDisabled, inline } = options;
  const selected: unknown[] = Array.isArray(value) ? value : [value];
  return (
    <>
      <GroupLabel {...props} />
      <FormGroup
        id={id}
        row={Boolean(inline)}
        role="group"
        aria-labelledby={props.hideLabel ? undefined : labelId(id)}
        aria-describedby={describedBy}
      >
        {enumOptions.map((option, index) => (
          <FormControlLabel
            key={index}
            label={option.label}
            control={
              <Checkbox
                id={optionId(id, index)}
                name={id}
                checked={enumOptionsIsSelected(option.value, selected)}
                disabled={
                  disabled ||
                  readonly ||
                  (Array.isArray(enumDisabled) &&
                    enumDisabled.includes(option.value))
                }
                onChange={(_, checked) =>
                  onChange(
                    checked
                      ? enumOptionsSelectValue(index, selected, enumOptions)
                      : enumOptionsDeselectValue(index, selected, enumOptions),
                  )
                }
                onBlur={() => props.onBlur(id, value)}
                onFocus={() => props.onFocus(id, value)}
                inputProps={{ 'aria-describedby': describedBy }}
              />
            }
          />
        ))}
      </FormGroup>
    </>
  );
}

/** An enum as radio buttons: a radio group named by the field's label. */
export function RadioWidget(props: WidgetProps) {
  const { id, options, value, disabled, readonly, onChange } = props;
  const describedBy = useDescribedBy();
  const { enumOptions = [], enumDisabled, emptyValue } = options;
  const selected = enumOptionsIndexForValue(value, enumOptions) ?? null;
  return (
    <>
      <GroupLabel {...props} />
      <RadioGroup
        id={id}
        name={id}
        value={selected}
        row={Boolean(options.inline)}
        aria-labelledby={props.hideLabel ? undefined : labelId(id)}
        aria-describedby={describedBy}
        onChange={(_, index) =>
          onChange(enumOptionsValueForIndex(index, enumOptions, emptyValue))
        }
        onBlur={() => props.onBlur(id, value)}
        onFocus={() => props.onFocus(id, value)}
      >
        {enumOptions.map((option, index) => (
          <FormControlLabel
            key={index}
            value={String(index)}
            label={option.label}
            disabled={
              disabled ||
              readonly ||
              (Array.isArray(enumDisabled) &&
                enumDisabled.includes(option.value))
            }
            control={
              <Radio
                id={optionId(id, index)}
                name={id}
                color="primary"
                inputProps={{ 'aria-describedby': describedBy }}
              />
            }
          />
        ))}
      </RadioGroup>
    </>
  );
}

/** The slider's thumb (the element with role slider), described by its field. */
const DescribedThumb = forwardRef<
  HTMLSpanElement,
  HTMLAttributes<HTMLSpanElement>
>((props, ref) => (
  <span ref={ref} {...props} aria-describedby={useDescribedBy()} />
));

/** A number as a slider, named by the field's label. */
export function RangeWidget(props: WidgetProps) {
  const { id, value, disabled, readonly, options, onChange } = props;
  return (
    <>
      <GroupLabel {...props} />
      <Slider
        id={id}
        name={id}
        value={typeof value === 'number' ? value : undefined}
        disabled={disabled || readonly}
        valueLabelDisplay="auto"
        aria-labelledby={props.hideLabel ? undefined : labelId(id)}
        ThumbComponent={DescribedThumb}
        onChange={(_, v) => onChange(v ?? options.emptyValue)}
        onBlur={() => props.onBlur(id, value)}
        onFocus={() => props.onFocus(id, value)}
        {...rangeSpec(props.schema)}
      />
    </>
  );
}
