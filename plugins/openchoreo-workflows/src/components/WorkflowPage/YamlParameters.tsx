import { Box, TextField, Typography } from '@material-ui/core';
import { parse } from 'yaml';
import type { FieldError } from '../../api';

/** A YAML mapping, or why the text is not one. */
export function parseYamlObject(text: string): {
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

/** Field problems as an alert, each with its path when `withPath`. */
export const FieldErrorList = (props: {
  errors: FieldError[];
  withPath?: boolean;
}) =>
  props.errors.length > 0 ? (
    <Box role="alert" mt={1}>
      {props.errors.map(e => (
        <Typography
          key={`${e.path}:${e.message}`}
          color="error"
          variant="body2"
        >
          {props.withPath && (
            <>
              <code>{e.path}</code>:{' '}
            </>
          )}
          {e.message}
        </Typography>
      ))}
    </Box>
  ) : null;

/** The parameters as YAML text, with its parse error and the backend's field problems. */
export const YamlParameters = (props: {
  text: string;
  error?: string;
  serverErrors: FieldError[];
  onChange: (text: string) => void;
}) => (
  <>
    <TextField
      multiline
      fullWidth
      variant="outlined"
      minRows={12}
      id="parameters-yaml"
      label="Parameters (YAML)"
      value={props.text}
      onChange={e => props.onChange(e.target.value)}
      error={Boolean(props.error)}
      helperText={props.error}
      inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
    />
    <FieldErrorList errors={props.serverErrors} withPath />
  </>
);
