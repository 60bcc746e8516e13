import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  detectGeneration,
  isTerminalPhase,
  LaunchRequest,
  OPENCHOREO_API_VERSION,
  RunDetail,
  RunListResponse,
  RunSummary,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Evaluator } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ClusterState } from '../cluster/ClusterState';
import {
  ANNOTATION_IDEMPOTENCY_KEY,
  ANNOTATION_LAUNCHED_BY,
  ANNOTATION_RERUN_OF,
  LABEL_LAUNCHED_BY,
  LABEL_LAUNCHED_FROM,
  toLabelValue,
} from '../cluster/labels';
import { RunArchive } from '../database/RunArchive';
import { argoOutputs, toRunDetail } from './convert';
import { RunDiagnoses } from './diagnosis';
import {
  LaunchConflictError,
  LaunchRenderError,
  LaunchValidationError,
} from './errors';
import { listHistory, RunQuery } from './history';
import { idempotencyKeyProblem, isSameLaunch } from './idempotency';
import { generateRunName, idempotentSuffix, runNameProblem } from './names';
import { WorkflowService } from './WorkflowService';

export type { RunQuery } from './history';

/** Launching, listing, stopping and re-running WorkflowRuns. */
export class RunService {
  constructor(
    private readonly deps: {
      workflows: WorkflowService;
      archive: RunArchive;
      logger: LoggerService;
      /** Validates and renders launches off the event loop, with a deadline. */
      evaluator: Evaluator;
      /** Why runs OpenChoreo cannot render stay Pending. */
      diagnoses: RunDiagnoses;
    },
  ) {}

  /** Keeps the archive current from a cluster's run cache. */
  /**
   * Keeps the archive current from a cluster's run cache. Changes are queued
   * and written one at a time (the latest change of a run wins, versions
   * already archived are skipped), so a cold sync of tens of thousands of
   * runs does not flood the event loop or the database.
   */
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
    const stopped =
      previous?.run.reason === 'Stopped' ? previous.run : undefined;
    if (stopped && !isTerminalPhase(detail.phase)) {
      // A run stopped from Backstage keeps that outcome while it is deleted.
      detail = {
        ...detail,
        phase: 'Failed',
        reason: 'Stopped',
        message: stopped.message,
        completedAt: stopped.completedAt,
      };
    }
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
    if (
      isTerminalPhase(detail.phase) &&
      Object.keys(detail.outputs).length === 0 &&
      run.status?.runReference
    ) {
      detail.outputs = await this.#outputs(cluster, run).catch(() => ({}));
    }
    await archive.upsertRun(detail, { resourceVersion });
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

  async launch(
    cluster: ClusterState,
    request: LaunchRequest,
    userRef: string,
    options: { rerunOf?: string } = {},
  ): Promise<{ run: RunDetail; created: boolean }> {
    const req = checkLaunchRequest(request);
    const workflow = this.deps.workflows.get(
      cluster,
      req.workflow.kind,
      req.workflow.kind === 'Workflow'
        ? req.workflow.namespace ?? req.namespace
        : undefined,
      req.workflow.name,
    );
    const namespace = this.deps.workflows.runNamespace(workflow, req.namespace);

    const launch = req.idempotencyKey
      ? {
          userRef,
          idempotencyKey: req.idempotencyKey,
          workflow: req.workflow,
          namespace,
        }
      : undefined;
    if (launch) {
      const previous = await this.deps.archive.findLaunch(
        cluster.name,
        userRef,
        launch.idempotencyKey,
      );
      if (previous) {
        const run = await this.get(cluster, previous.namespace, previous.name);
        if (isSameLaunch(run, launch)) return { run, created: false };
        throw new LaunchConflictError([
          {
            path: 'idempotencyKey',
            message: `was used for another launch (run ${previous.namespace}/${previous.name}); use a new key`,
          },
        ]);
      }
    }

    const name =
      req.name ??
      generateRunName(
        workflow.metadata.name,
        req.idempotencyKey
          ? idempotentSuffix(userRef, req.idempotencyKey)
          : undefined,
      );
    // Validated with defaults; rendered from what the run will carry, as
    // OpenChoreo will render it (in the evaluator, off the event loop).
    const prepared = await this.deps.evaluator.evaluate(
      {
        workflow,
        parameters: req.parameters ?? {},
        context: { runName: name, namespace },
      },
      { user: userRef },
    );
    if (prepared.errors.length > 0)
      throw new LaunchValidationError(prepared.errors);
    if (prepared.renderError) {
      throw new LaunchRenderError(prepared.renderError);
    }

    const generation = detectGeneration(workflow);
    const body: WorkflowRunResource = {
      apiVersion: OPENCHOREO_API_VERSION,
      kind: 'WorkflowRun',
      metadata: {
        name,
        namespace,
        labels: {
          [LABEL_LAUNCHED_FROM]: 'backstage',
          [LABEL_LAUNCHED_BY]: toLabelValue(userRef),
        },
        annotations: {
          [ANNOTATION_LAUNCHED_BY]: userRef,
          ...(req.idempotencyKey
            ? { [ANNOTATION_IDEMPOTENCY_KEY]: req.idempotencyKey }
            : {}),
          ...(options.rerunOf
            ? { [ANNOTATION_RERUN_OF]: options.rerunOf }
            : {}),
        },
      },
      spec: {
        workflow:
          generation === 'v1'
            ? {
                kind: workflow.kind,
                name: workflow.metadata.name,
                parameters: prepared.runParameters,
              }
            : {
                name: workflow.metadata.name,
                parameters: prepared.runParameters,
              },
      },
    };

    let created: WorkflowRunResource;
    try {
      created = await cluster.controlPlane.create(
        cluster.runsPath(namespace),
        body,
        `create WorkflowRun ${namespace}/${name}`,
      );
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      // A retry of this very launch gets its run; any other run of that name stays unseen.
      const existing = await cluster.controlPlane.getOptional(
        cluster.runsPath(namespace, name),
        `WorkflowRun ${namespace}/${name}`,
      );
      const run = existing && toRunDetail(cluster.name, existing);
      if (run && launch && isSameLaunch(run, launch)) {
        return { run, created: false };
      }
      throw new LaunchConflictError([
        {
          path: 'name',
          message: `a WorkflowRun named '${name}' already exists in namespace '${namespace}'`,
        },
      ]);
    }
    // Just rendered as OpenChoreo will: nothing to diagnose.
    this.deps.diagnoses.rendered(cluster, created);
    // The cache's change (archived by `track`) is the run's one archive write.
    cluster.runs.upsertLocal(created);
    const detail = toRunDetail(cluster.name, created);
    if (req.idempotencyKey) {
      await this.deps.archive.recordLaunch(
        cluster.name,
        userRef,
        req.idempotencyKey,
        { namespace, name },
      );
    }
    return { run: detail, created: true };
  }

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

  /**
   * Stop = delete (OpenChoreo's finalizer removes the Argo Workflow), then
   * record the outcome: a failed delete records nothing.
   */
  async stop(
    cluster: ClusterState,
    namespace: string,
    name: string,
    userRef: string,
    beforeDelete: (run: RunDetail) => Promise<void>,
  ): Promise<RunDetail> {
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
    let detail = await this.get(cluster, namespace, name);
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
    // Without a resourceVersion: the outcome is kept over the deletion's versions.
    await this.deps.archive.upsertRun(detail);
    return { ...detail, archived: true };
  }

  async rerun(
    cluster: ClusterState,
    namespace: string,
    name: string,
    parameters: Record<string, unknown> | undefined,
    userRef: string,
  ) {
    const source = await this.get(cluster, namespace, name);
    return this.launch(
      cluster,
      {
        namespace: source.namespace,
        workflow: source.workflow,
        parameters: parameters ?? source.parameters,
      },
      userRef,
      { rerunOf: `${namespace}/${name}` },
    );
  }
}

function checkLaunchRequest(body: any): LaunchRequest {
  const fail = (path: string, message: string) => {
    throw new LaunchValidationError([{ path, message }]);
  };
  if (!body || typeof body !== 'object')
    fail('', 'the request body must be a JSON object');
  if (typeof body.namespace !== 'string' || !body.namespace)
    fail('namespace', 'is required');
  const namespaceProblem = runNameProblem(body.namespace);
  if (namespaceProblem) fail('namespace', namespaceProblem);
  if (!body.workflow || typeof body.workflow !== 'object')
    fail('workflow', 'is required');
  if (
    body.workflow.kind !== 'Workflow' &&
    body.workflow.kind !== 'ClusterWorkflow'
  ) {
    fail('workflow.kind', 'must be Workflow or ClusterWorkflow');
  }
  if (typeof body.workflow.name !== 'string' || !body.workflow.name)
    fail('workflow.name', 'is required');
  if (
    body.parameters !== undefined &&
    (typeof body.parameters !== 'object' ||
      Array.isArray(body.parameters) ||
      body.parameters === null)
  ) {
    fail('parameters', 'must be an object');
  }
  if (body.name !== undefined) {
    const problem =
      typeof body.name === 'string'
        ? runNameProblem(body.name)
        : 'must be a string';
    if (problem) fail('name', problem);
  }
  if (body.idempotencyKey !== undefined) {
    const problem = idempotencyKeyProblem(body.idempotencyKey);
    if (problem) fail('idempotencyKey', problem);
  }
  return body as LaunchRequest;
}
