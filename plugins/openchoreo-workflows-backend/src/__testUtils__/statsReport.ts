import { loadFixture } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';

/** The fixture's v1 ClusterWorkflow as a namespaced Workflow `stats-report` of `namespace`. */
export function namespacedStatsReport(namespace: string) {
  const [cw] = loadFixture('sample-github-stats-report-clusterworkflow.yaml');
  return {
    ...cw,
    kind: 'Workflow',
    metadata: {
      name: 'stats-report',
      namespace,
      annotations: cw.metadata.annotations,
    },
  };
}
