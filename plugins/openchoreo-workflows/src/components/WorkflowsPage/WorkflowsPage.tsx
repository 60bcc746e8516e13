import { Content, Header, HeaderTabs, Page } from '@backstage/core-components';
import { ReactNode } from 'react';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { ComparePage } from '../ComparePage';
import { RunHistoryPage } from '../RunHistoryPage';
import { RunPage } from '../RunPage';
import { SchedulesPage } from '../Schedules';
import { WorkflowListPage } from '../WorkflowListPage';
import { WorkflowPage } from '../WorkflowPage';
import { ClusterBanner, useClusterParam, useWorkflowsLinks } from '../shared';

const Layout = ({ tab, children }: { tab: number; children: ReactNode }) => {
  const navigate = useNavigate();
  const links = useWorkflowsLinks();
  // The tabs keep the cluster the page shows.
  const cluster = useClusterParam();
  const tabLinks = [
    () => links.workflowList(cluster),
    () => links.runs(undefined, cluster),
    () => links.schedules(cluster),
  ];
  return (
    <Page themeId="tool">
      <Header
        title="Workflows"
        subtitle="Launch and follow OpenChoreo workflows"
      />
      <HeaderTabs
        selectedIndex={tab}
        onChange={index => navigate(tabLinks[index]())}
        tabs={[
          { id: 'workflows', label: 'Workflows' },
          { id: 'runs', label: 'Run history' },
          { id: 'schedules', label: 'Schedules' },
        ]}
      />
      <Content>
        <ClusterBanner />
        {children}
      </Content>
    </Page>
  );
};

/**
 * The plugin's page. Routes under its mount point:
 * `/` the workflow list, `/workflows/:namespace/:name` (namespace `_cluster` for a
 * ClusterWorkflow), `/runs` history, `/runs/:namespace/:name` one run.
 */
export const WorkflowsPage = () => {
  const location = useLocation();
  const onRuns = /\/(runs|compare)(\/|$)/.test(location.pathname);
  const onSchedules = /\/schedules\/?$/.test(location.pathname);
  return (
    <Layout tab={onSchedules ? 2 : Number(onRuns)}>
      <Routes>
        <Route path="/" element={<WorkflowListPage />} />
        <Route path="/workflows/:namespace/:name" element={<WorkflowPage />} />
        <Route path="/runs" element={<RunHistoryPage />} />
        <Route path="/runs/:namespace/:name" element={<RunPage />} />
        <Route path="/compare" element={<ComparePage />} />
        <Route path="/schedules" element={<SchedulesPage />} />
      </Routes>
    </Layout>
  );
};
