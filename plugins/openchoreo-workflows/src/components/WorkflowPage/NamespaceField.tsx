import { useApi } from '@backstage/core-plugin-api';
import { TextField } from '@material-ui/core';
import type { WorkflowDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { openchoreoWorkflowsApiRef } from '../../api';

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What is wrong with a run namespace, if anything. */
export const namespaceProblem = (namespace: string) =>
  DNS_1123.test(namespace)
    ? undefined
    : 'A namespace is lowercase letters, digits and "-".';

/** The run namespace: free text, offering the namespaces of the cluster's known workflows. */
export const NamespaceField = (props: {
  value: string;
  onChange: (namespace: string) => void;
  /** The workflow launched: its namespace is offered, and its cluster's workflows' namespaces. */
  workflow: Pick<WorkflowDetail, 'namespace' | 'cluster'>;
}) => {
  const { value, onChange } = props;
  const { namespace: workflowNamespace, cluster } = props.workflow;
  const api = useApi(openchoreoWorkflowsApiRef);
  const { value: known } = useAsync(
    () => api.listWorkflows({ cluster }),
    [api, cluster],
  );
  const namespaces = useMemo(() => {
    const set = new Set<string>(['default']);
    if (workflowNamespace) set.add(workflowNamespace);
    known?.items.forEach(w => w.namespace && set.add(w.namespace));
    return [...set].sort();
  }, [known, workflowNamespace]);
  const problem = namespaceProblem(value);
  return (
    <Autocomplete
      id="run-namespace"
      freeSolo
      options={namespaces}
      value={value}
      inputValue={value}
      onInputChange={(_e, next) => onChange(next)}
      style={{ minWidth: 240 }}
      renderInput={params => (
        <TextField
          {...params}
          label="Run namespace"
          variant="outlined"
          size="small"
          error={Boolean(problem)}
          helperText={problem ?? 'Where the WorkflowRun is created'}
        />
      )}
    />
  );
};
