import {
  Box,
  Divider,
  Grid,
  IconButton,
  makeStyles,
  Paper,
  TextField,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import CopyIcon from '@material-ui/icons/FileCopy';
import RemoveIcon from '@material-ui/icons/Remove';
import {
  ADDITIONAL_PROPERTY_FLAG,
  ArrayFieldTemplateItemType,
  ArrayFieldTemplateProps,
  canExpand,
  descriptionId,
  getUiOptions,
  ObjectFieldTemplateProps,
  titleId,
  TranslatableString,
  WrapIfAdditionalTemplateProps,
} from '@rjsf/utils';
import { createContext, ReactNode, useContext } from 'react';
import { useDescribedBy } from './describedBy';

/*
 * Objects and arrays as fieldsets: the legend names the group and the group
 * is described by its description and errors (the theme renders a heading and
 * a caption that nothing ties together). Every button says what it acts on.
 */

const useStyles = makeStyles(theme => ({
  fieldset: { border: 0, margin: 0, padding: 0, minWidth: 0 },
  legend: { padding: 0, width: '100%', marginBottom: theme.spacing(1) },
}));

/** An icon button named by `label` (also its tooltip). */
const ActionButton = (props: {
  label: string;
  icon: ReactNode;
  disabled?: boolean;
  onClick: (event?: any) => void;
  color?: 'primary' | 'secondary';
}) => (
  <IconButton
    aria-label={props.label}
    title={props.label}
    size="small"
    color={props.color}
    disabled={props.disabled}
    onClick={props.onClick}
  >
    {props.icon}
  </IconButton>
);

/** A fieldset named by `title`, described by its field's description and errors. */
const Group = (props: {
  id: string;
  title?: string;
  description?: ReactNode;
  children: ReactNode;
}) => {
  const classes = useStyles();
  const describedBy = useDescribedBy();
  if (!props.title && !props.description) return <div>{props.children}</div>;
  return (
    <fieldset className={classes.fieldset} aria-describedby={describedBy}>
      {props.title && (
        <legend id={titleId(props.id)} className={classes.legend}>
          <Typography variant="h5" component="span">
            {props.title}
          </Typography>
          <Divider />
        </legend>
      )}
      {props.description && (
        <Typography id={descriptionId(props.id)} variant="subtitle2">
          {props.description}
        </Typography>
      )}
      {props.children}
    </fieldset>
  );
};

/** A nested object (and the form's root): its properties, and Add for extra keys. */
export function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { title, schema, uiSchema, formData, disabled, readonly } = props;
  return (
    <Group
      id={props.idSchema.$id}
      title={title}
      description={props.description}
    >
      <Grid container spacing={2} style={{ marginTop: 10 }}>
        {props.properties.map((element, index) =>
          element.hidden ? (
            element.content
          ) : (
            <Grid key={index} item xs={12} style={{ marginBottom: 10 }}>
              {element.content}
            </Grid>
          ),
        )}
        {canExpand(schema, uiSchema, formData) && (
          <Grid container justifyContent="flex-end">
            <ActionButton
              label={`Add to ${title || 'the form'}`}
              icon={<AddIcon />}
              color="primary"
              disabled={disabled || readonly}
              onClick={props.onAddClick(schema)}
            />
          </Grid>
        )}
      </Grid>
    </Group>
  );
}

/** The array's title, for the names of its items' buttons. */
const ArrayTitle = createContext('');

/** An array: its items, each with its own buttons, and Add. */
export function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const { idSchema, schema, items, disabled, readonly } = props;
  const uiOptions = getUiOptions(props.uiSchema);
  const title = uiOptions.title || props.title || 'items';
  const description = uiOptions.description || schema.description;
  return (
    <Paper elevation={2}>
      <Box p={2}>
        <Group id={idSchema.$id} title={title} description={description}>
          <ArrayTitle.Provider value={title}>
            {items.map(({ key, ...item }) => (
              <ArrayFieldItemTemplate key={key} {...item} />
            ))}
          </ArrayTitle.Provider>
          {props.canAdd && (
            <Grid container justifyContent="flex-end">
              <Box mt={2}>
                <ActionButton
                  label={`Add to ${title}`}
                  icon={<AddIcon />}
                  color="primary"
                  disabled={disabled || readonly}
                  onClick={props.onAddClick}
                />
              </Box>
            </Grid>
          )}
        </Group>
      </Box>
    </Paper>
  );
}

/** One item of an array: its field, then Move up, Move down, Copy and Remove. */
export function ArrayFieldItemTemplate(
  props: Omit<ArrayFieldTemplateItemType, 'key'>,
) {
  const { index, hasMoveUp, hasMoveDown, onReorderClick } = props;
  const item = `${useContext(ArrayTitle)} item ${index + 1}`;
  const off = props.disabled || props.readonly;
  return (
    <Grid container alignItems="center">
      <Grid item xs style={{ overflow: 'auto' }}>
        <Box mb={2}>
          <Paper elevation={2}>
            <Box p={2}>{props.children}</Box>
          </Paper>
        </Box>
      </Grid>
      {props.hasToolbar && (
        <Grid item>
          {(hasMoveUp || hasMoveDown) && (
            <>
              <ActionButton
                label={`Move ${item} up`}
                icon={<ArrowUpwardIcon fontSize="small" />}
                disabled={off || !hasMoveUp}
                onClick={onReorderClick(index, index - 1)}
              />
              <ActionButton
                label={`Move ${item} down`}
                icon={<ArrowDownwardIcon fontSize="small" />}
                disabled={off || !hasMoveDown}
                onClick={onReorderClick(index, index + 1)}
              />
            </>
          )}
          {props.hasCopy && (
            <ActionButton
              label={`Copy ${item}`}
              icon={<CopyIcon fontSize="small" />}
              disabled={off}
              onClick={props.onCopyIndexClick(index)}
            />
          )}
          {props.hasRemove && (
            <ActionButton
              label={`Remove ${item}`}
              icon={<RemoveIcon fontSize="small" />}
              color="secondary"
              disabled={off}
              onClick={props.onDropIndexClick(index)}
            />
          )}
        </Grid>
      )}
    </Grid>
  );
}

/**
 * A field of an object's extra keys (`additionalProperties`): its key's input,
 * described like its value, the value, and Remove.
 */
export function WrapIfAdditionalTemplate(props: WrapIfAdditionalTemplateProps) {
  const { id, label, schema, disabled, readonly, children } = props;
  const describedBy = useDescribedBy();
  if (!(ADDITIONAL_PROPERTY_FLAG in schema)) {
    return (
      <div className={props.classNames} style={props.style}>
        {children}
      </div>
    );
  }
  const keyLabel = props.registry.translateString(TranslatableString.KeyLabel, [
    label,
  ]);
  return (
    <Grid
      container
      alignItems="center"
      spacing={2}
      className={props.classNames}
      style={props.style}
    >
      <Grid item xs>
        <TextField
          fullWidth
          required={props.required}
          label={keyLabel}
          defaultValue={label}
          disabled={disabled || readonly}
          id={`${id}-key`}
          name={`${id}-key`}
          onBlur={readonly ? undefined : e => props.onKeyChange(e.target.value)}
          inputProps={{ 'aria-describedby': describedBy }}
        />
      </Grid>
      <Grid item xs>
        {children}
      </Grid>
      <Grid item>
        <ActionButton
          label={`Remove ${label}`}
          icon={<RemoveIcon />}
          color="secondary"
          disabled={disabled || readonly}
          onClick={props.onDropPropertyClick(label)}
        />
      </Grid>
    </Grid>
  );
}
