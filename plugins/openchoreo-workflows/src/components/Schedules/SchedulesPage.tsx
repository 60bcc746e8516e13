import {
  Link,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { Box, Button } from '@material-ui/core';
import type { Schedule } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { openchoreoWorkflowsApiRef } from '../../api';
import { RunsTable } from '../RunsTable';
import {
  formatTime,
  shortEntityRef,
  Table,
  useWorkflowsLinks,
} from '../shared';

/** Search param of the schedule whose runs are shown. */
export const SCHEDULE_PARAM = 'schedule';

const workflowLabel = (s: Schedule) =>
  s.workflow.kind === 'ClusterWorkflow'
    ? s.workflow.name
    : `${s.workflow.namespace ?? s.namespace}/${s.workflow.name}`;

const lastTickLabel = (s: Schedule) =>
  s.lastTick
    ? `${s.lastTick.outcome}${s.lastTick.run ? ` ${s.lastTick.run}` : ''}`
    : '—';

/** The columns of the schedules table, with its actions. */
function scheduleColumns({
  links,
  busy,
  selected,
  act,
  select,
}: {
  links: ReturnType<typeof useWorkflowsLinks>;
  busy?: string;
  selected?: string;
  act: (s: Schedule, what: 'pause' | 'resume' | 'delete') => void;
  select: (id: string) => void;
}): TableColumn<Schedule>[] {
  return [
    {
      title: 'Workflow',
      render: s => (
        <Link to={links.workflow(s.workflow)}>{workflowLabel(s)}</Link>
      ),
    },
    { title: 'Namespace', field: 'namespace' },
    { title: 'Cron', render: s => `${s.cron} (${s.timezone})` },
    {
      title: 'Next run',
      render: s => (s.paused ? 'Paused' : formatTime(s.nextRunAt)),
    },
    { title: 'Owner', render: s => shortEntityRef(s.owner) },
    { title: 'Last tick', render: lastTickLabel },
    {
      title: 'Actions',
      render: s => (
        <Box display="flex" gridGap={4}>
          <Button
            size="small"
            disabled={busy === s.id}
            onClick={() => act(s, s.paused ? 'resume' : 'pause')}
          >
            {s.paused ? 'Resume' : 'Pause'}
          </Button>
          <Button
            size="small"
            disabled={busy === s.id}
            onClick={() => act(s, 'delete')}
          >
            Delete
          </Button>
          <Button
            size="small"
            aria-pressed={selected === s.id}
            onClick={() => select(s.id)}
          >
            Runs
          </Button>
        </Box>
      ),
    },
  ];
}

/**
 * The Schedules tab: each schedule with its cron, next run, owner and last
 * tick; pause, resume and delete; and the runs of the schedule picked.
 */
export const SchedulesPage = () => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const links = useWorkflowsLinks();
  const [search, setSearch] = useSearchParams();
  const selected = search.get(SCHEDULE_PARAM) ?? undefined;
  const [busy, setBusy] = useState<string>();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listSchedules(),
    [api],
  );

  const act = async (s: Schedule, what: 'pause' | 'resume' | 'delete') => {
    setBusy(s.id);
    try {
      if (what === 'delete') await api.deleteSchedule(s.id);
      else await api.updateSchedule(s.id, { paused: what === 'pause' });
      retry();
    } catch (e) {
      alertApi.post({
        message: `Could not ${what} the schedule: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(undefined);
    }
  };

  if (loading && !value) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel title="Could not load schedules" error={error} />
    );
  }
  const columns = scheduleColumns({
    links,
    busy,
    selected,
    act,
    select: id => setSearch({ [SCHEDULE_PARAM]: id }),
  });
  const picked = value?.items.find(s => s.id === selected);
  return (
    <>
      <Table<Schedule>
        title="Schedules"
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={value?.items ?? []}
        emptyContent={
          <Box p={2}>
            No schedules yet: use “Schedule…” beside Launch on a workflow.
          </Box>
        }
      />
      {picked && (
        <Box mt={3}>
          <RunsTable
            title={`Runs of the schedule of ${workflowLabel(picked)}`}
            query={{ schedule: picked.id }}
            pageSize={10}
            emptyMessage="This schedule has not launched a run yet."
          />
        </Box>
      )}
    </>
  );
};
