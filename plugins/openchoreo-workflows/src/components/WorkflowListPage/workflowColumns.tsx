import { Link, TableColumn } from '@backstage/core-components';
import { Box, Chip, Tooltip, Typography } from '@material-ui/core';
import WarningIcon from '@material-ui/icons/Warning';
import type { WorkflowSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ReactNode } from 'react';
import {
  formatRelative,
  formatTime,
  RunStatus,
  useWorkflowsLinks,
} from '../shared';
import type { WorkflowRow } from './workflowRows';

type Links = ReturnType<typeof useWorkflowsLinks>;

const Warning = ({ children }: { children: ReactNode }) => (
  <Box display="flex" alignItems="center" mt={0.5} gridGap={4}>
    <WarningIcon fontSize="small" aria-hidden />
    {children}
  </Box>
);

/** Title, name, description and what its authors should fix. */
const WorkflowCell = ({ w, links }: { w: WorkflowSummary; links: Links }) => (
  <>
    <Link to={links.workflow(w, undefined, w.cluster)}>
      {w.title || w.name}
    </Link>
    {w.title && w.title !== w.name && (
      <Typography variant="caption" display="block" color="textSecondary">
        {w.name}
      </Typography>
    )}
    {w.description && (
      <Typography variant="body2" color="textSecondary">
        {w.description}
      </Typography>
    )}
    {w.schemaErrorCount > 0 && (
      <Warning>
        <Typography variant="body2">
          Broken schema: {w.schemaErrorCount} problem
          {w.schemaErrorCount === 1 ? '' : 's'}
        </Typography>
      </Warning>
    )}
    {(w.warnings ?? []).map(warning => (
      <Warning key={warning.reason}>
        <Tooltip title={warning.message}>
          <Typography variant="body2">
            Fails when a user types a number: <code>{warning.expression}</code>
          </Typography>
        </Tooltip>
      </Warning>
    ))}
  </>
);

const LastRunCell = ({ w, links }: { w: WorkflowSummary; links: Links }) =>
  w.lastRun ? (
    <>
      <RunStatus phase={w.lastRun.phase} />
      <Typography variant="caption" display="block">
        <Link to={links.run(w.lastRun.namespace, w.lastRun.name, w.cluster)}>
          <span title={formatTime(w.lastRun.createdAt)}>
            {formatRelative(w.lastRun.completedAt ?? w.lastRun.createdAt)}
          </span>
        </Link>
      </Typography>
    </>
  ) : (
    <Typography variant="body2" color="textSecondary">
      Never run
    </Typography>
  );

const clusterColumn: TableColumn<WorkflowRow> = {
  title: 'Cluster',
  field: 'cluster',
};

/** The workflow list's columns (the cluster's when there are several). */
export const workflowColumns = (
  links: Links,
  multipleClusters = false,
): TableColumn<WorkflowRow>[] => [
  {
    title: 'Workflow',
    field: 'title',
    highlight: true,
    render: w => <WorkflowCell w={w} links={links} />,
  },
  {
    title: 'Scope',
    render: w =>
      w.kind === 'ClusterWorkflow' ? (
        <Chip size="small" label="Cluster" />
      ) : (
        <Chip
          size="small"
          variant="outlined"
          label={`Namespace ${w.namespace}`}
        />
      ),
  },
  {
    title: 'API',
    field: 'generation',
    render: w => (
      <Tooltip
        title={
          w.generation === 'v1'
            ? 'spec.parameters.openAPIV3Schema'
            : 'legacy shorthand spec.schema'
        }
      >
        <span>{w.generation}</span>
      </Tooltip>
    ),
  },
  ...(multipleClusters ? [clusterColumn] : []),
  { title: 'Type', field: 'type' },
  { title: 'Last run', render: w => <LastRunCell w={w} links={links} /> },
];
