import {
  Link,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { Box, Button } from '@material-ui/core';
import type {
  Schedule,
  ScheduleListResponse,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { openchoreoWorkflowsApiRef } from '../../api';
import { RunsTable } from '../RunsTable';
import {
  CLUSTER_PARAM,
  ClusterPicker,
  formatTime,
  shortEntityRef,
  Table,
  useClusterParam,
  useClusters,
  useWorkflowsLinks,
} from '../shared';

/** Search param of the schedule whose runs are shown. */
export const SCHEDULE_PARAM = 'schedule';

const workflowLabel = (s: Schedule) =>
  s.workflow.kind === 'ClusterWorkflow'
    ? s.workflow.name
    : `${s.workflow.namespace ?? s.namespace}/${s.workflow.name}`;

/** The last tick: what it did (a tick a replica claimed and has not launched yet says so), why when it did not launch. */
const lastTickLabel = ({ lastTick: tick }: Schedule) => {
  if (!tick) return '—';
  if (tick.outcome === 'claimed') {
    return `claimed, not launched yet (tick of ${formatTime(tick.at)})`;
  }
  const text = `${tick.outcome}${tick.run ? ` ${tick.run}` : ''}`;
  return tick.message ? `${text}: ${tick.message}` : text;
};

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
        <Link to={links.workflow(s.workflow, undefined, s.cluster)}>
          {workflowLabel(s)}
        </Link>
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

/** The schedules of one cluster, page by page ("More schedules" reads the next). */
function useSchedulePages(cluster: string | undefined) {
  const api = useApi(openchoreoWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const [more, setMore] = useState<ScheduleListResponse[]>([]);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const first = await api.listSchedules({ cluster });
    setMore([]);
    return first;
  }, [api, cluster]);
  const items = [value, ...more].flatMap(page => page?.items ?? []);
  const nextCursor = (more.at(-1) ?? value)?.nextCursor;
  const loadMore = async () => {
    try {
      const page = await api.listSchedules({ cluster, cursor: nextCursor });
      setMore(pages => [...pages, page]);
    } catch (e) {
      alertApi.post({
        message: `Could not load more schedules: ${(e as Error).message}`,
        severity: 'error',
      });
    }
  };
  return { value, loading, error, retry, items, nextCursor, loadMore };
}

/**
 * The Schedules tab: each schedule with its cron, next run, owner and last
 * tick; pause, resume and delete; and the runs of the schedule picked. The
 * list comes in pages ("More schedules" reads the next). The schedules of
 * one cluster (`?cluster=`, picked when several are configured; the default
 * one when absent).
 */
export const SchedulesPage = () => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const links = useWorkflowsLinks();
  const clusters = useClusters();
  const cluster = useClusterParam();
  const [search, setSearch] = useSearchParams();
  const selected = search.get(SCHEDULE_PARAM) ?? undefined;
  const [busy, setBusy] = useState<string>();
  const { value, loading, error, retry, items, nextCursor, loadMore } =
    useSchedulePages(cluster);

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
    select: id =>
      setSearch({
        ...(cluster ? { [CLUSTER_PARAM]: cluster } : {}),
        [SCHEDULE_PARAM]: id,
      }),
  });
  const picked = items.find(s => s.id === selected);
  return (
    <>
      {clusters.multiple && (
        <Box mb={2} maxWidth={240}>
          <ClusterPicker clusters={clusters} />
        </Box>
      )}
      <Table<Schedule>
        title="Schedules"
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={items}
        emptyContent={
          <Box p={2}>
            No schedules yet: use “Schedule…” beside Launch on a workflow.
          </Box>
        }
      />
      {nextCursor && (
        <Box mt={1}>
          <Button variant="outlined" onClick={loadMore}>
            More schedules
          </Button>
        </Box>
      )}
      {picked && (
        <Box mt={3}>
          <RunsTable
            title={`Runs of the schedule of ${workflowLabel(picked)}`}
            query={{ cluster: picked.cluster, schedule: picked.id }}
            pageSize={10}
            emptyMessage="This schedule has not launched a run yet."
          />
        </Box>
      )}
    </>
  );
};
