import { LoggerService } from '@backstage/backend-plugin-api';
import {
  isTerminalPhase,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { RunArchive } from '../database/RunArchive';
import { argoOutputs, toRunDetail } from './convert';

/**
 * Keeps the archive current from the clusters' run caches. Changes are queued
 * and written one at a time (the latest change of a run wins, versions
 * already archived are skipped), so a cold sync of tens of thousands of
 * runs does not flood the event loop or the database.
 */
export class RunArchiver {
  constructor(
    private readonly deps: { archive: RunArchive; logger: LoggerService },
  ) {}

  /** Archives every change of `cluster`'s run cache from now on. */
  track(cluster: ClusterState) {
    cluster.runs.onChange((type, run) => {
      const key = `${cluster.name}/${run.metadata.namespace}/${run.metadata.name}`;
      if (
        type !== 'DELETED' &&
        this.#archivedVersions.get(key) === run.metadata.resourceVersion
      ) {
        return;
      }
      this.#pending.set(key, { cluster, type, run });
      if (!this.#draining) void this.#drain();
    });
  }

  readonly #pending = new Map<
    string,
    { cluster: ClusterState; type: string; run: WorkflowRunResource }
  >();
  readonly #archivedVersions = new Map<string, string | undefined>();
  #draining = false;

  async #drain() {
    this.#draining = true;
    try {
      for (;;) {
        const next = this.#pending.entries().next();
        if (next.done) return;
        const [key, { cluster, type, run }] = next.value;
        this.#pending.delete(key);
        try {
          await this.#record(cluster, type, run);
          if (type === 'DELETED') this.#archivedVersions.delete(key);
          else this.#archivedVersions.set(key, run.metadata.resourceVersion);
        } catch (e) {
          this.deps.logger.warn(
            `archiving run ${run.metadata.namespace}/${run.metadata.name} failed: ${e}`,
          );
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  async #record(cluster: ClusterState, type: string, run: WorkflowRunResource) {
    const { archive } = this.deps;
    const ns = run.metadata.namespace!;
    const previous = await archive.getRun(
      cluster.name,
      ns,
      run.metadata.name,
      run.metadata.uid,
    );
    const resourceVersion = run.metadata.resourceVersion;
    let detail = toRunDetail(cluster.name, run, previous?.run.outputs);
    // A run stopped from Backstage keeps that outcome: the archive's rule.
    if (type === 'DELETED') {
      if (!isTerminalPhase(detail.phase)) {
        detail = {
          ...detail,
          phase: 'Failed',
          reason: 'Deleted',
          message: 'The run was deleted before it completed',
          completedAt: detail.completedAt ?? new Date().toISOString(),
        };
      }
      await archive.upsertRun(
        { ...detail, archived: true },
        { deletedAt: new Date().toISOString(), resourceVersion },
      );
      return;
    }
    let outputsMissing = false;
    if (
      isTerminalPhase(detail.phase) &&
      Object.keys(detail.outputs).length === 0 &&
      run.status?.runReference
    ) {
      const outputs = await this.#outputs(cluster, run).catch(() => undefined);
      if (outputs) detail.outputs = outputs;
      else outputsMissing = true;
    }
    await archive.upsertRun(detail, { resourceVersion, outputsMissing });
  }

  async #outputs(cluster: ClusterState, run: WorkflowRunResource) {
    const ref = run.status?.runReference;
    if (!ref?.namespace || ref.kind !== 'Workflow') return {};
    const argo = await cluster.workflowPlane.getOptional(
      `/apis/argoproj.io/v1alpha1/namespaces/${ref.namespace}/workflows/${ref.name}`,
      `Argo Workflow ${ref.namespace}/${ref.name}`,
    );
    return argoOutputs(argo);
  }
}
