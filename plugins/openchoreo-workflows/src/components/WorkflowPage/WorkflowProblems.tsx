import { WarningPanel } from '@backstage/core-components';
import { Box } from '@material-ui/core';
import type { WorkflowDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ReactNode } from 'react';

const ProblemPanel = (props: { title: string; items: ReactNode[] }) =>
  props.items.length > 0 ? (
    <Box mb={2}>
      <WarningPanel title={props.title} defaultExpanded>
        <ul>{props.items}</ul>
      </WarningPanel>
    </Box>
  ) : null;

/** What the workflow's authors should fix: its schema's problems and its warnings. */
export const WorkflowProblems = ({
  workflow,
}: {
  workflow: WorkflowDetail;
}) => (
  <>
    <ProblemPanel
      title="This workflow's parameter schema has problems; the form may be incomplete"
      items={workflow.schemaErrors.map(e => (
        <li key={`${e.path}:${e.message}`}>
          <code>{e.path || '(schema)'}</code>: {e.message}
        </li>
      ))}
    />
    <ProblemPanel
      title="This workflow fails for numbers typed in the form"
      items={(workflow.warnings ?? []).map(w => (
        <li key={w.reason}>
          {w.message}
          {w.location && (
            <>
              {' '}
              (at <code>{w.location}</code>)
            </>
          )}
        </li>
      ))}
    />
  </>
);
