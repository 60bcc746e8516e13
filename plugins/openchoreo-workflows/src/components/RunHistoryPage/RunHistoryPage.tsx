import {
  Box,
  Checkbox,
  FormControlLabel,
  FormGroup,
  FormLabel,
  Grid,
  Paper,
  TextField,
} from '@material-ui/core';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useDebounce from 'react-use/esm/useDebounce';
import { RUN_PHASES, RunPhase } from '../../api';
import { RunsTable } from '../RunsTable';

const WINDOWS: Array<[string, string, number | undefined]> = [
  ['all', 'Any time', undefined],
  ['1h', 'Last hour', 3600e3],
  ['24h', 'Last 24 hours', 86400e3],
  ['7d', 'Last 7 days', 7 * 86400e3],
  ['30d', 'Last 30 days', 30 * 86400e3],
];

/** `key=value` → `{ key: value }` (the filter on one parameter's value). */
export function parseParamFilter(
  text: string,
): Record<string, string> | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  const key = text.slice(0, eq).trim();
  return key ? { [key]: text.slice(eq + 1).trim() } : undefined;
}

/**
 * Every run, newest first, paged by the server. Filters live in the URL:
 * `status=Running,Failed`, `launchedBy=me`, `window=24h`, `workflow=<name>`,
 * `param=<dotted.path>=<value>`.
 */
export const RunHistoryPage = () => {
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const status = (params.get('status') ?? '')
    .split(',')
    .filter((p): p is RunPhase => (RUN_PHASES as string[]).includes(p));
  const launchedBy = params.get('launchedBy') === 'me' ? 'me' : '';
  const windowKey = params.get('window') ?? 'all';
  const workflow = params.get('workflow') ?? '';
  const param = params.get('param') ?? '';

  // Free-text filters reach the server after a pause in typing.
  const [workflowText, setWorkflowText] = useState(workflow);
  const [paramText, setParamText] = useState(param);
  useDebounce(
    () => workflowText !== workflow && set('workflow', workflowText),
    400,
    [workflowText],
  );
  useDebounce(() => paramText !== param && set('param', paramText), 400, [
    paramText,
  ]);

  const since = useMemo(() => {
    const span = WINDOWS.find(([key]) => key === windowKey)?.[2];
    return span ? new Date(Date.now() - span).toISOString() : undefined;
  }, [windowKey]);

  const query = {
    phase: status.length ? status : undefined,
    launchedBy: launchedBy || undefined,
    since,
    workflow: workflow || undefined,
    params: parseParamFilter(param),
  };

  const togglePhase = (phase: RunPhase, on: boolean) => {
    const next = on ? [...status, phase] : status.filter(p => p !== phase);
    set('status', RUN_PHASES.filter(p => next.includes(p)).join(','));
  };

  return (
    <>
      {/* On a paper, so the labels have a contrast of 4.5:1 (not on the page's grey). */}
      <Paper variant="outlined">
        <Box p={2}>
          <Grid
            container
            spacing={2}
            alignItems="flex-end"
            role="search"
            aria-label="Filter runs"
          >
            <Grid item xs={12} md={4}>
              <FormGroup row>
                <FormLabel component="legend" style={{ width: '100%' }}>
                  Status
                </FormLabel>
                {RUN_PHASES.map(phase => (
                  <FormControlLabel
                    key={phase}
                    label={phase}
                    control={
                      <Checkbox
                        size="small"
                        checked={status.includes(phase)}
                        onChange={e => togglePhase(phase, e.target.checked)}
                      />
                    }
                  />
                ))}
              </FormGroup>
            </Grid>
            <Grid item xs={6} md={2}>
              <TextField
                select
                fullWidth
                size="small"
                variant="outlined"
                id="run-filter-launched-by"
                label="Launched by"
                value={launchedBy || 'anyone'}
                onChange={e =>
                  set('launchedBy', e.target.value === 'me' ? 'me' : undefined)
                }
                SelectProps={{ native: true }}
              >
                <option value="anyone">Anyone</option>
                <option value="me">Me</option>
              </TextField>
            </Grid>
            <Grid item xs={6} md={2}>
              <TextField
                select
                fullWidth
                size="small"
                variant="outlined"
                id="run-filter-time"
                label="Time"
                value={windowKey}
                onChange={e =>
                  set(
                    'window',
                    e.target.value === 'all' ? undefined : e.target.value,
                  )
                }
                SelectProps={{ native: true }}
              >
                {WINDOWS.map(([key, label]) => (
                  <option key={key} value={key}>
                    {label}
                  </option>
                ))}
              </TextField>
            </Grid>
            <Grid item xs={6} md={2}>
              <TextField
                fullWidth
                size="small"
                variant="outlined"
                id="run-filter-workflow"
                label="Workflow"
                value={workflowText}
                onChange={e => setWorkflowText(e.target.value)}
              />
            </Grid>
            <Grid item xs={6} md={2}>
              <TextField
                fullWidth
                size="small"
                variant="outlined"
                id="run-filter-parameter"
                label="Parameter"
                placeholder="repository.branch=main"
                value={paramText}
                onChange={e => setParamText(e.target.value)}
                error={Boolean(paramText) && !parseParamFilter(paramText)}
                helperText={
                  paramText && !parseParamFilter(paramText)
                    ? 'Write path=value'
                    : undefined
                }
              />
            </Grid>
          </Grid>
        </Box>
      </Paper>
      <Box mt={2}>
        <RunsTable title="Run history" query={query} />
      </Box>
    </>
  );
};
