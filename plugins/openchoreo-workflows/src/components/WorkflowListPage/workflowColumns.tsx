import { Link, TableColumn } from '@backstage/core-components';
import { Box, Chip, Tooltip, Typography } from '@material-ui/core';
import WarningIcon from '@material-ui/icons/Warning';
import type { WorkflowSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { memo, ReactNode } from 'react';
import {
  formatRelative,
  formatTime,
  RunStatus,
  useWorkflowsLinks,
} from '../shared';
import type { WorkflowRow } from './workflowRows';

type Links = ReturnType<typeof useWorkflowsLinks>;
interface CellProps {
  w: WorkflowSummary;
  links: Links;
}

/**
 * The same workflow (every field the same) with the same links.
 * material-table hands a cell a new copy of its row at each of its renders
 * (with its own `tableData`), so identity alone would never match.
 */
function sameCell(a: CellProps, b: CellProps) {
  if (a.links !== b.links) return false;
  const fields = (w: WorkflowSummary) =>
    Object.keys(w).filter(k => k !== 'tableData');
  const keys = fields(a.w);
  const record = (w: WorkflowSummary) =>
    w as unknown as Record<string, unknown>;
  return (
    keys.length === fields(b.w).length &&
    keys.every(k => record(a.w)[k] === record(b.w)[k])
  );
}

/** A cell rendered again only when its workflow or the links change. */
const cell = (render: (props: CellProps) => JSX.Element) =>
  memo(render, sameCell);

const Warning = ({ children }: { children: ReactNode }) => (
  <Box display="flex" alignItems="center" mt={0.5} gridGap={4}>
    <WarningIcon fontSize="small" aria-hidden />
    {children}
  </Box>
);

/** Title, name, description and what its authors should fix. */
const WorkflowCell = cell(({ w, links }) => (
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
));

const LastRunCell = cell(({ w, links }) =>
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
  ),
);

const ScopeCell = cell(({ w }) =>
  w.kind === 'ClusterWorkflow' ? (
    <Chip size="small" label="Cluster" />
  ) : (
    <Chip size="small" variant="outlined" label={`Namespace ${w.namespace}`} />
  ),
);

const ApiCell = cell(({ w }) => (
  <Tooltip
    title={
      w.generation === 'v1'
        ? 'spec.parameters.openAPIV3Schema'
        : 'legacy shorthand spec.schema'
    }
  >
    <span>{w.generation}</span>
  </Tooltip>
));

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
  { title: 'Scope', render: w => <ScopeCell w={w} links={links} /> },
  {
    title: 'API',
    field: 'generation',
    render: w => <ApiCell w={w} links={links} />,
  },
  ...(multipleClusters ? [clusterColumn] : []),
  { title: 'Type', field: 'type' },
  { title: 'Last run', render: w => <LastRunCell w={w} links={links} /> },
];
