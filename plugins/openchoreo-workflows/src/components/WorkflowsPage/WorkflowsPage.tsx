import {
  Content,
  EmptyState,
  Header,
  Page,
} from '@backstage/core-components';

/** The Workflows page. */
export const WorkflowsPage = () => (
  <Page themeId="tool">
    <Header
      title="Workflows"
      subtitle="Launch and follow OpenChoreo workflows"
    />
    <Content>
      <EmptyState
        missing="content"
        title="The workflow catalogue is coming"
        description="Workflows published on your OpenChoreo control plane will be listed here."
      />
    </Content>
  </Page>
);
