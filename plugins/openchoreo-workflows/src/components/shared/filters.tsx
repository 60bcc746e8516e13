import { Box, Grid, Paper, TextField } from '@material-ui/core';
import { ReactNode, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useDebounce from 'react-use/esm/useDebounce';

/** The value of a select filter that filters nothing (kept out of the URL). */
export const ANY = 'any';

/**
 * Filters kept in the URL's query, so a filtered page can be shared: `get`
 * reads one (`fallback` when absent), `set` writes one (an empty value
 * removes it; a drop-down's {@link ANY} arrives here empty, so a typed "any"
 * is a text like any other).
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  return {
    get: (key: string, fallback = '') => params.get(key) || fallback,
    set: (key: string, value: string | undefined) => {
      const next = new URLSearchParams(params);
      if (value) next.set(key, value);
      else next.delete(key);
      setParams(next, { replace: true });
    },
  };
}

const idOf = (label: string) =>
  `filter-${label.toLowerCase().replace(/\W+/g, '-')}`;

/** A row of filters, a search landmark on a paper (labels need its 4.5:1 contrast). */
export const FilterBar = (props: { label: string; children: ReactNode }) => (
  <Paper variant="outlined">
    <Box p={2}>
      <Grid
        container
        spacing={2}
        alignItems="flex-end"
        component="form"
        role="search"
        aria-label={props.label}
        onSubmit={e => e.preventDefault()}
      >
        {props.children}
      </Grid>
    </Box>
  </Paper>
);

/** One cell of a {@link FilterBar}. */
export const FilterCell = (props: { wide?: boolean; children: ReactNode }) => (
  <Grid item xs={props.wide ? 12 : 6} md={props.wide ? 4 : 2}>
    {props.children}
  </Grid>
);

/** A drop-down filter: `options` are `[value, label]` pairs. */
export const SelectFilter = (props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<[string, string]>;
}) => (
  <TextField
    id={idOf(props.label)}
    select
    fullWidth
    variant="outlined"
    size="small"
    label={props.label}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    SelectProps={{ native: true }}
    InputLabelProps={{ shrink: true }}
  >
    {props.options.map(([value, label]) => (
      <option key={value} value={value}>
        {label}
      </option>
    ))}
  </TextField>
);

/**
 * The pause in typing after which a free-text filter's `onChange` hears the
 * text: a server's query, or a large list's render, per word, not per key.
 */
export const TYPING_PAUSE_MS = 400;

/**
 * A free-text filter. With `debounceMs` (usually {@link TYPING_PAUSE_MS}),
 * `onChange` hears the text after a pause in typing; `problem` names what is
 * wrong with the text, if anything.
 */
export const TextFilter = (props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  debounceMs?: number;
  placeholder?: string;
  problem?: (text: string) => string | undefined;
}) => {
  const { value, onChange, debounceMs } = props;
  const [text, setText] = useState(value);
  // The value last sent or received: another one comes from elsewhere (a
  // link, Back) and replaces the text typed; ours keeps keys typed since.
  const known = useRef(value);
  useEffect(() => {
    if (value !== known.current) setText(value);
    known.current = value;
  }, [value]);
  useDebounce(
    () => {
      if (debounceMs === undefined || text === value) return;
      known.current = text;
      onChange(text);
    },
    debounceMs ?? 0,
    [text],
  );
  const problem = text ? props.problem?.(text) : undefined;
  return (
    <TextField
      id={idOf(props.label)}
      fullWidth
      variant="outlined"
      size="small"
      label={props.label}
      placeholder={props.placeholder}
      value={debounceMs === undefined ? value : text}
      onChange={e => {
        setText(e.target.value);
        if (debounceMs === undefined) onChange(e.target.value);
      }}
      error={Boolean(problem)}
      helperText={problem}
      InputLabelProps={{ shrink: true }}
    />
  );
};

/** A drop-down filter: its key in the URL, its label and `[value, label]` options. */
export interface SelectSpec {
  key: string;
  label: string;
  options: Array<[string, string]>;
}

/** Drop-down filters, a cell each: `values` by key, `set` writes one. */
export const SelectFilters = (props: {
  specs: SelectSpec[];
  values: Record<string, string>;
  set: (key: string, value: string) => void;
}) => (
  <>
    {props.specs.map(spec => (
      <FilterCell key={spec.key}>
        <SelectFilter
          label={spec.label}
          value={props.values[spec.key]}
          onChange={value => props.set(spec.key, value === ANY ? '' : value)}
          options={spec.options}
        />
      </FilterCell>
    ))}
  </>
);

/** A free-text filter: its key in the URL, its label, a hint, what is wrong with a text. */
export interface TextSpec {
  key: string;
  label: string;
  placeholder?: string;
  problem?: (text: string) => string | undefined;
}

/** Free-text filters the server applies, a cell each, sent after a pause in typing. */
export const TextFilters = (props: {
  specs: TextSpec[];
  values: Record<string, string>;
  set: (key: string, value: string) => void;
  debounceMs: number;
}) => (
  <>
    {props.specs.map(({ key, ...spec }) => (
      <FilterCell key={key}>
        <TextFilter
          {...spec}
          value={props.values[key]}
          onChange={value => props.set(key, value)}
          debounceMs={props.debounceMs}
        />
      </FilterCell>
    ))}
  </>
);
