import { useRouteRef } from '@backstage/core-plugin-api';
import { useMemo } from 'react';
import type { WorkflowRef } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { rootRouteRef } from '../../routes';
import { useClusters } from './clusters';

/**
 * URL segment standing for "cluster scope" in place of a namespace. A leading
 * underscore is not allowed in a Kubernetes namespace name, so it cannot clash.
 *
 * @public
 */
export const CLUSTER_SCOPE_SEGMENT = '_cluster';

const enc = encodeURIComponent;

/** Path of a workflow page, relative to the plugin's root. */
export const workflowSubPath = (ref: WorkflowRef) =>
  `/workflows/${enc(
    ref.kind === 'ClusterWorkflow'
      ? CLUSTER_SCOPE_SEGMENT
      : ref.namespace ?? 'default',
  )}/${enc(ref.name)}`;

/** Workflow ref from the `:namespace/:name` of a workflow page. */
export const workflowRefFromParams = (
  namespace: string,
  name: string,
): WorkflowRef =>
  namespace === CLUSTER_SCOPE_SEGMENT
    ? { kind: 'ClusterWorkflow', name }
    : { kind: 'Workflow', namespace, name };

/**
 * The run-list filters that pick one workflow's runs: its name and kind, and
 * for a namespaced Workflow its namespace (where its runs live).
 */
export const runsOfWorkflow = (ref: WorkflowRef) => ({
  workflow: ref.name,
  workflowKind: ref.kind,
  namespace: ref.kind === 'Workflow' ? ref.namespace : undefined,
});

/** A run by namespace and name, on a cluster (the backend's default when absent). */
interface RunOnCluster {
  namespace: string;
  name: string;
  cluster?: string;
}

function clustersOf(a?: string, b?: string): Record<string, string> {
  if (a === b) return a ? { cluster: a } : {};
  return {
    ...(a ? { clusterA: a } : {}),
    ...(b ? { clusterB: b } : {}),
  };
}

/**
 * Absolute links into the plugin's pages. A link names its cluster
 * (`?cluster=`) only when more than one is configured: with one, URLs stay
 * as they were. One object while the root and the clusters stay the same,
 * so what is built from it (a table's columns) can be memoized.
 */
export function useWorkflowsLinks() {
  const root = useRouteRef(rootRouteRef)().replace(/\/$/, '');
  const { multiple } = useClusters();
  return useMemo(() => linksOf(root, multiple), [root, multiple]);
}

function linksOf(root: string, multiple: boolean) {
  const on = (cluster?: string) =>
    multiple && cluster ? { cluster } : undefined;
  return {
    workflowList: (cluster?: string) =>
      `${root || '/'}${searchOf(on(cluster))}`,
    workflow: (
      ref: WorkflowRef,
      search?: Record<string, string>,
      cluster?: string,
    ) =>
      `${root}${workflowSubPath(ref)}${searchOf({
        ...search,
        ...on(cluster),
      })}`,
    runs: (search?: Record<string, string | undefined>, cluster?: string) =>
      `${root}/runs${searchOf({ ...search, ...on(cluster) })}`,
    schedules: (cluster?: string) =>
      `${root}/schedules${searchOf(on(cluster))}`,
    run: (namespace: string, name: string, cluster?: string) =>
      `${root}/runs/${enc(namespace)}/${enc(name)}${searchOf(on(cluster))}`,
    /** The comparison of two runs: `cluster` when both are of one cluster, else `clusterA`/`clusterB`. */
    compare: (a: RunOnCluster, b: RunOnCluster) =>
      `${root}/compare${searchOf({
        a: `${a.namespace}/${a.name}`,
        b: `${b.namespace}/${b.name}`,
        ...(multiple ? clustersOf(a.cluster, b.cluster) : {}),
      })}`,
  };
}

function searchOf(search?: Record<string, string | undefined>) {
  const defined = Object.entries(search ?? {}).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  const text = new URLSearchParams(defined).toString();
  return text ? `?${text}` : '';
}
