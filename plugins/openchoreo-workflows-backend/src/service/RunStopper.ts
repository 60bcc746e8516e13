import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  isTerminalPhase,
  RunDetail,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { RunArchive } from '../database/RunArchive';
import { RunQueries } from './RunQueries';

/**
 * Stopping WorkflowRuns. Stop = delete (OpenChoreo's finalizer removes the
 * Argo Workflow), then record the outcome: a failed delete records nothing.
 */
export class RunStopper {
  constructor(
    private readonly deps: { archive: RunArchive; runs: RunQueries },
  ) {}

  async stop(
    cluster: ClusterState,
    namespace: string,
    name: string,
    userRef: string,
    beforeDelete: (run: RunDetail) => Promise<void>,
  ): Promise<RunDetail> {
    const outside = cluster.namespaceProblem(namespace);
    if (outside) throw new InputError(`namespace: ${outside}`);
    const live = cluster.runs.get(namespace, name);
    if (!live) {
      const stored = await this.deps.archive.getRun(
        cluster.name,
        namespace,
        name,
      );
      if (stored)
        throw new ConflictError(
          `WorkflowRun '${namespace}/${name}' was already deleted`,
        );
      throw new NotFoundError(`WorkflowRun '${namespace}/${name}' not found`);
    }
    let detail = await this.deps.runs.get(cluster, namespace, name);
    const resourceVersion = live.metadata.resourceVersion;
    await beforeDelete(detail);
    if (!isTerminalPhase(detail.phase)) {
      detail = {
        ...detail,
        phase: 'Failed',
        reason: 'Stopped',
        message: `Stopped by ${userRef}`,
        completedAt: new Date().toISOString(),
      };
    }
    await cluster.controlPlane.delete(
      cluster.runsPath(namespace, name),
      `delete WorkflowRun ${namespace}/${name}`,
    );
    detail = { ...detail, archived: true };
    // The archive keeps a stop's outcome over the deletion's versions (its guard).
    await this.deps.archive.upsertRun(detail, {
      resourceVersion,
      stoppedBy: userRef,
    });
    return detail;
  }
}
