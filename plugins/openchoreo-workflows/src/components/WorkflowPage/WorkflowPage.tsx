import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  WorkflowDetail,
  WorkflowRef,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Box, Chip, Typography } from '@material-ui/core';
import { useLocation, useParams, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { openchoreoWorkflowsApiRef } from '../../api';
import { RunsTable } from '../RunsTable';
import {
  ClusterPicker,
  runsOfWorkflow,
  useClusterParam,
  useClusters,
  useWorkflowsLinks,
  workflowRefFromParams,
} from '../shared';
import { LaunchForm } from './LaunchForm';
import { WorkflowProblems } from './WorkflowProblems';

/** Search param naming the run (`<namespace>/<name>`) whose parameters prefill the form. */
export const EDIT_FROM_PARAM = 'from';

/**
 * Where it launches, when more than one cluster is configured: the cluster
 * picker, or the fixed cluster of an embedded page (`fixed`, the entity's).
 */
const ClusterOfWorkflow = ({ fixed }: { fixed?: { name?: string } }) => {
  const clusters = useClusters();
  if (!clusters.multiple) return null;
  if (fixed) {
    return <Chip label={`Cluster ${fixed.name ?? clusters.names[0]}`} />;
  }
  return (
    <Box minWidth={200}>
      <ClusterPicker clusters={clusters} />
    </Box>
  );
};

/** Title, scope, API generation, type, what it runs, description; whence the form is prefilled. */
const WorkflowHeader = ({
  workflow,
  prefilledFrom,
  embedded,
}: {
  workflow: WorkflowDetail;
  prefilledFrom?: string;
  embedded: boolean;
}) => (
  <Box mb={2}>
    <Box display="flex" alignItems="center" gridGap={16} flexWrap="wrap">
      <Typography variant="h4" component="h2">
        {workflow.title || workflow.name}
      </Typography>
      <Box flexGrow={1} />
      <ClusterOfWorkflow
        fixed={embedded ? { name: workflow.cluster } : undefined}
      />
    </Box>
    <Box display="flex" gridGap={8} my={1} flexWrap="wrap">
      <Chip
        size="small"
        label={
          workflow.kind === 'ClusterWorkflow'
            ? 'Cluster'
            : `Namespace ${workflow.namespace}`
        }
      />
      <Chip
        size="small"
        variant="outlined"
        label={`API ${workflow.generation}`}
      />
      <Chip size="small" variant="outlined" label={workflow.type} />
      {workflow.runTemplate.kind && (
        <Chip
          size="small"
          variant="outlined"
          label={`Runs a ${workflow.runTemplate.kind}`}
        />
      )}
    </Box>
    {workflow.description && (
      <Typography paragraph>{workflow.description}</Typography>
    )}
    {prefilledFrom && (
      <Typography variant="body2" role="note">
        Form prefilled from {prefilledFrom}; edit and launch to run again.
      </Typography>
    )}
  </Box>
);

/**
 * One workflow: description, launch form with preview, recent runs. The
 * workflow and its cluster come from the route and `?cluster=`, or, when
 * embedded (entity tab), from `workflowRef` and `cluster`; without a
 * cluster, the backend's default.
 */
export const WorkflowPage = (props: {
  previewDebounceMs?: number;
  workflowRef?: WorkflowRef;
  /** With `workflowRef`: the cluster the workflow lives on (the page's `?cluster=` is not read). */
  cluster?: string;
}) => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const links = useWorkflowsLinks();
  const params = useParams();
  const location = useLocation();
  const [search] = useSearchParams();
  const embedded = Boolean(props.workflowRef);
  const pageCluster = useClusterParam();
  const cluster = embedded ? props.cluster : pageCluster;
  const ref =
    props.workflowRef ??
    workflowRefFromParams(params.namespace ?? '', params.name ?? '');
  const from = search.get(EDIT_FROM_PARAM);
  const stateParameters = (
    location.state as { parameters?: Record<string, unknown> } | null
  )?.parameters;

  const { value, loading, error } = useAsync(async () => {
    const [workflow, run] = await Promise.all([
      api.getWorkflow(ref, { cluster }),
      from && !stateParameters
        ? api.getRun(from.split('/')[0], from.split('/').slice(1).join('/'), {
            cluster,
          })
        : Promise.resolve(undefined),
    ]);
    return { workflow, run };
  }, [api, ref.kind, ref.namespace, ref.name, from, cluster]);

  if (loading) return <Progress />;
  if (error) {
    return (
      <>
        <ClusterOfWorkflow fixed={embedded ? { name: cluster } : undefined} />
        <ResponseErrorPanel
          title={`Could not load workflow ${
            ref.namespace ? `${ref.namespace}/` : ''
          }${ref.name}${cluster ? ` of cluster ${cluster}` : ''}`}
          error={error}
        />
      </>
    );
  }
  if (!value) return <EmptyState missing="data" title="Workflow not found" />;
  const { workflow, run } = value;
  const initialParameters = stateParameters ?? run?.parameters;

  return (
    <>
      <WorkflowHeader
        workflow={workflow}
        embedded={embedded}
        prefilledFrom={
          initialParameters && (run ? `run ${run.name}` : 'a previous run')
        }
      />
      <WorkflowProblems workflow={workflow} />
      <LaunchForm
        workflow={workflow}
        initialParameters={initialParameters}
        initialNamespace={run?.namespace}
        previewDebounceMs={props.previewDebounceMs}
      />
      <Box mt={3}>
        <RunsTable
          title="Recent runs"
          hideWorkflow
          pageSize={10}
          query={{ ...runsOfWorkflow(workflow), cluster: workflow.cluster }}
          emptyMessage="This workflow has not run yet."
        />
        <Box mt={1}>
          <Link to={links.runs(runsOfWorkflow(workflow), workflow.cluster)}>
            All runs of {workflow.name}
          </Link>
        </Box>
      </Box>
    </>
  );
};
