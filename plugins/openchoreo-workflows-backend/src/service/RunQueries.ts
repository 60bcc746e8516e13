import { NotFoundError } from '@backstage/errors';
import {
  RunDetail,
  RunListResponse,
  RunSummary,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { RunArchive } from '../database/RunArchive';
import { toRunDetail } from './convert';
import { RunDiagnoses } from './diagnosis';
import { listHistory, RunQuery } from './history';

export type { RunQuery } from './history';

/** Reading WorkflowRuns: live from the cluster's cache, else from the archive. */
export class RunQueries {
  constructor(
    private readonly deps: {
      archive: RunArchive;
      /** Why runs OpenChoreo cannot render stay Pending. */
      diagnoses: RunDiagnoses;
    },
  ) {}

  async get(
    cluster: ClusterState,
    namespace: string,
    name: string,
  ): Promise<RunDetail> {
    const live = cluster.runs.get(namespace, name);
    const stored = await this.deps.archive.getRun(
      cluster.name,
      namespace,
      name,
      live?.metadata.uid,
    );
    if (live) {
      const detail = toRunDetail(cluster.name, live, stored?.run.outputs ?? {});
      const diagnosis = await this.deps.diagnoses.diagnose(cluster, live);
      return diagnosis ? { ...detail, diagnosis } : detail;
    }
    if (stored) return { ...stored.run, archived: true };
    throw new NotFoundError(`WorkflowRun '${namespace}/${name}' not found`);
  }

  async list(
    cluster: ClusterState,
    q: RunQuery,
    allowed: (r: RunSummary) => boolean,
  ): Promise<RunListResponse> {
    return listHistory(
      this.deps.archive.history,
      cluster,
      q,
      allowed,
      (run, summary) => this.deps.diagnoses.withKnown(cluster, run, summary),
    );
  }
}
