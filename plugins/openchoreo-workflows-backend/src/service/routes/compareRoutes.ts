import { compareRuns } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterRegistry } from '../ClusterRegistry';
import { Access } from './access';
import { ApiRouter, str } from './types';

/** `namespace/name` (the document's pattern: one slash, neither part empty). */
function refOf(value: string) {
  const slash = value.indexOf('/');
  return { namespace: value.slice(0, slash), name: value.slice(slash + 1) };
}

/**
 * `GET /runs/compare?a=<ns>/<name>&b=<ns>/<name>`: two runs side by side
 * (common's compareRuns). Each run is read as the run page reads it, live or
 * archived, with its read permission and its workflow's: one the caller may
 * not read is the 404 of a missing one. `cluster` is both runs' cluster;
 * `clusterA` and `clusterB` name each run's, to compare across clusters.
 */
export function compareRoutes(
  router: ApiRouter,
  options: { clusters: ClusterRegistry; access: Access },
) {
  const { clusters, access } = options;
  router.get('/runs/compare', async (req, res) => {
    const credentials = await access.credentialsOf(req);
    const cluster = str(req.query.cluster);
    const read = (ref: string, clusterName?: string) => {
      const { namespace, name } = refOf(ref);
      return access.readRun(
        credentials,
        clusters.get(clusterName ?? cluster),
        namespace,
        name,
      );
    };
    // One after the other: when both are missing, the answer names `a`.
    const a = await read(req.query.a, str(req.query.clusterA));
    const b = await read(req.query.b, str(req.query.clusterB));
    res.json(compareRuns(a, b));
  });
}
