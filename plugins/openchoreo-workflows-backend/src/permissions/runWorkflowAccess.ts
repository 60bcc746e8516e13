import {
  RunSummary,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { WorkflowPermissionResource } from './rules';
import { WorkflowOwners } from './WorkflowOwners';

/** A decision about workflows as a predicate; `conditional` when it looks at the workflow. */
export type WorkflowPredicate = ((w: WorkflowPermissionResource) => boolean) & {
  conditional?: boolean;
};

/**
 * Reading a run needs the read permission of its workflow too: the runs of a
 * workflow a user may not see (say, one labelled for admins only) are as
 * hidden as the workflow. A run is judged by its workflow as cached (labels,
 * owner); a run of a workflow that no longer exists, by the workflow's kind,
 * namespace and name alone (no labels, no owner: `HAS_LABEL` and
 * `IS_ENTITY_OWNER` do not match it).
 */
export async function runWorkflowFilter(
  cluster: ClusterState,
  allowed: WorkflowPredicate,
  owners?: WorkflowOwners,
): Promise<(r: RunSummary) => boolean> {
  if (!allowed.conditional) {
    const all = allowed({
      cluster: cluster.name,
      kind: 'Workflow',
      namespace: '',
      name: '',
      labels: {},
    });
    return () => all;
  }
  const key = (kind: string, namespace: string, name: string) =>
    `${kind}/${namespace}/${name}`;
  const cached = new Map<string, WorkflowResource>();
  for (const w of cluster.listWorkflows()) {
    const ns = w.kind === 'ClusterWorkflow' ? '' : w.metadata.namespace ?? '';
    cached.set(key(w.kind, ns, w.metadata.name), w);
  }
  const ownerOf = new Map<WorkflowResource, string>();
  if (owners && cached.size > 0) {
    const list = [...cached.values()];
    const resolved = await owners.ownersOf(cluster.name, list);
    list.forEach((w, i) => ownerOf.set(w, resolved[i]));
  }
  const decided = new Map<string, boolean>();
  return (r: RunSummary) => {
    const kind = r.workflow.kind;
    const namespace =
      kind === 'ClusterWorkflow' ? '' : r.workflow.namespace ?? r.namespace;
    const k = key(kind, namespace, r.workflow.name);
    let answer = decided.get(k);
    if (answer === undefined) {
      const workflow = cached.get(k);
      answer = allowed({
        cluster: cluster.name,
        kind,
        namespace,
        name: r.workflow.name,
        labels: workflow?.metadata.labels ?? {},
        owner: workflow && ownerOf.get(workflow),
      });
      decided.set(k, answer);
    }
    return answer;
  };
}
