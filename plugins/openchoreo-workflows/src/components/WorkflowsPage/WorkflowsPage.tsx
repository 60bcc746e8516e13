import { Content, Header, HeaderTabs, Page } from '@backstage/core-components';
import { memo, useCallback } from 'react';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { ComparePage } from '../ComparePage';
import { RunHistoryPage } from '../RunHistoryPage';
import { RunPage } from '../RunPage';
import { SchedulesPage } from '../Schedules';
import { WorkflowListPage } from '../WorkflowListPage';
import { WorkflowPage } from '../WorkflowPage';
import { ClusterBanner, useClusterParam, useWorkflowsLinks } from '../shared';

const TABS = [
  { id: 'workflows', label: 'Workflows' },
  { id: 'runs', label: 'Run history' },
  { id: 'schedules', label: 'Schedules' },
];

const ROUTES = (
  <Routes>
    <Route path="/" element={<WorkflowListPage />} />
    <Route path="/workflows/:namespace/:name" element={<WorkflowPage />} />
    <Route path="/runs" element={<RunHistoryPage />} />
    <Route path="/runs/:namespace/:name" element={<RunPage />} />
    <Route path="/compare" element={<ComparePage />} />
    <Route path="/schedules" element={<SchedulesPage />} />
  </Routes>
);

/**
 * The page around the routes, rendered again only when the tab or the
 * tabs' links change, not for a new query (a filter): Backstage's Page gives
 * its content a new MUI theme at each render, and MUI then makes every style
 * sheet below it anew; MUI's Tabs measure their DOM after each render.
 */
const Layout = memo(
  ({ tab, open }: { tab: number; open: (tab: number) => void }) => (
    <Page themeId="tool">
      <Header
        title="Workflows"
        subtitle="Launch and follow OpenChoreo workflows"
      />
      <HeaderTabs selectedIndex={tab} onChange={open} tabs={TABS} />
      <Content>
        <ClusterBanner />
        {ROUTES}
      </Content>
    </Page>
  ),
);

/**
 * The plugin's page. Routes under its mount point:
 * `/` the workflow list, `/workflows/:namespace/:name` (namespace `_cluster` for a
 * ClusterWorkflow), `/runs` history, `/runs/:namespace/:name` one run.
 */
export const WorkflowsPage = () => {
  const location = useLocation();
  const navigate = useNavigate();
  const links = useWorkflowsLinks();
  // The tabs keep the cluster the page shows.
  const cluster = useClusterParam();
  const open = useCallback(
    (index: number) =>
      navigate(
        [
          () => links.workflowList(cluster),
          () => links.runs(undefined, cluster),
          () => links.schedules(cluster),
        ][index](),
      ),
    [navigate, links, cluster],
  );
  const onRuns = /\/(runs|compare)(\/|$)/.test(location.pathname);
  const onSchedules = /\/schedules\/?$/.test(location.pathname);
  return <Layout tab={onSchedules ? 2 : Number(onRuns)} open={open} />;
};
