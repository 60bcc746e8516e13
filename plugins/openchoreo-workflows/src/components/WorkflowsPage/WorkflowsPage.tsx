import { Content, Header, HeaderTabs, Page } from '@backstage/core-components';
import { ReactNode } from 'react';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { ComparePage } from '../ComparePage';
import { RunHistoryPage } from '../RunHistoryPage';
import { RunPage } from '../RunPage';
import { SchedulesPage } from '../Schedules';
import { WorkflowListPage } from '../WorkflowListPage';
import { WorkflowPage } from '../WorkflowPage';
import { ClusterBanner, useWorkflowsLinks } from '../shared';

const TAB_PATHS = ['', '/runs', '/schedules'];

const Layout = ({ tab, children }: { tab: number; children: ReactNode }) => {
  const navigate = useNavigate();
  const links = useWorkflowsLinks();
  return (
    <Page themeId="tool">
      <Header
        title="Workflows"
        subtitle="Launch and follow OpenChoreo workflows"
      />
      <HeaderTabs
        selectedIndex={tab}
        onChange={index =>
          navigate(
            index === 0
              ? links.workflowList()
              : `${links.workflowList().replace(/\/$/, '')}${TAB_PATHS[index]}`,
          )
        }
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
