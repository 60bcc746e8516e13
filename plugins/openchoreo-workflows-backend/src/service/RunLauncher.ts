import { ConflictError } from '@backstage/errors';
import {
  detectGeneration,
  LaunchRequest,
  OPENCHOREO_API_VERSION,
  RunDetail,
  WorkflowResource,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Evaluator } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ClusterState } from '../cluster/ClusterState';
import {
  ANNOTATION_IDEMPOTENCY_KEY,
  ANNOTATION_LAUNCHED_BY,
  ANNOTATION_RERUN_OF,
  ANNOTATION_SCHEDULE,
  LABEL_LAUNCHED_BY,
  LABEL_LAUNCHED_FROM,
  LABEL_SCHEDULE,
  toLabelValue,
} from '../cluster/labels';
import { RunArchive } from '../database/RunArchive';
import { toRunDetail } from './convert';
import { RunDiagnoses } from './diagnosis';
import {
  LaunchConflictError,
  LaunchRenderError,
  LaunchValidationError,
} from './errors';
import {
  idempotencyKeyProblem,
  isSameLaunch,
  LaunchIdentity,
} from './idempotency';
import { generateRunName, idempotentSuffix, runNameProblem } from './names';
import { RunQueries } from './RunQueries';
import { WorkflowService } from './WorkflowService';

/** Launching and re-running WorkflowRuns. */
export class RunLauncher {
  constructor(
    private readonly deps: {
      workflows: WorkflowService;
      archive: RunArchive;
      /** Validates and renders launches off the event loop, with a deadline. */
      evaluator: Evaluator;
      /** Why runs OpenChoreo cannot render stay Pending. */
      diagnoses: RunDiagnoses;
      runs: RunQueries;
    },
  ) {}

  async launch(
    cluster: ClusterState,
    request: LaunchRequest,
    userRef: string,
    /** `schedule`: the id of the schedule launching it, recorded on the run. */
    options: { rerunOf?: string; schedule?: string } = {},
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
    const outside = cluster.namespaceProblem(namespace);
    if (outside) {
      throw new LaunchValidationError([
        { path: 'namespace', message: outside },
      ]);
    }

    const launch = req.idempotencyKey
      ? {
          userRef,
          idempotencyKey: req.idempotencyKey,
          workflow: req.workflow,
          namespace,
        }
      : undefined;
    const replayed = launch && (await this.#replay(cluster, launch));
    if (replayed) return { run: replayed, created: false };

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

    const body = newRunResource(workflow, prepared.runParameters, {
      name,
      namespace,
      userRef,
      idempotencyKey: req.idempotencyKey,
      rerunOf: options.rerunOf,
      schedule: options.schedule,
    });
    const outcome = await this.#create(cluster, body, launch);
    if ('existing' in outcome) return { run: outcome.existing, created: false };
    const created = outcome.created;
    // Just rendered as OpenChoreo will: nothing to diagnose.
    this.deps.diagnoses.rendered(cluster, created);
    // The cache's change (archived by RunArchiver) is the run's one archive write.
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

  async rerun(
    cluster: ClusterState,
    namespace: string,
    name: string,
    parameters: Record<string, unknown> | undefined,
    userRef: string,
  ) {
    const source = await this.deps.runs.get(cluster, namespace, name);
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

  /** The run an earlier launch with this idempotency key created, if it was this very launch. */
  async #replay(
    cluster: ClusterState,
    launch: LaunchIdentity,
  ): Promise<RunDetail | undefined> {
    const previous = await this.deps.archive.findLaunch(
      cluster.name,
      launch.userRef,
      launch.idempotencyKey,
    );
    if (!previous) return undefined;
    const run = await this.deps.runs.get(
      cluster,
      previous.namespace,
      previous.name,
    );
    if (isSameLaunch(run, launch)) return run;
    throw new LaunchConflictError([
      {
        path: 'idempotencyKey',
        message: `was used for another launch (run ${previous.namespace}/${previous.name}); use a new key`,
      },
    ]);
  }

  /** Creates the run; a retry of this very launch gets its run, any other run of that name stays unseen. */
  async #create(
    cluster: ClusterState,
    body: WorkflowRunResource,
    launch: LaunchIdentity | undefined,
  ): Promise<{ created: WorkflowRunResource } | { existing: RunDetail }> {
    const namespace = body.metadata.namespace!;
    const name = body.metadata.name;
    try {
      return {
        created: await cluster.controlPlane.create(
          cluster.runsPath(namespace),
          body,
          `create WorkflowRun ${namespace}/${name}`,
        ),
      };
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const existing = await cluster.controlPlane.getOptional(
        cluster.runsPath(namespace, name),
        `WorkflowRun ${namespace}/${name}`,
      );
      const run = existing && toRunDetail(cluster.name, existing);
      if (run && launch && isSameLaunch(run, launch)) {
        return { existing: run };
      }
      throw new LaunchConflictError([
        {
          path: 'name',
          message: `a WorkflowRun named '${name}' already exists in namespace '${namespace}'`,
        },
      ]);
    }
  }
}

/** The WorkflowRun a launch creates, as OpenChoreo's generation of the workflow expects it. */
function newRunResource(
  workflow: WorkflowResource,
  parameters: Record<string, unknown>,
  run: {
    name: string;
    namespace: string;
    userRef: string;
    idempotencyKey?: string;
    rerunOf?: string;
    schedule?: string;
  },
): WorkflowRunResource {
  return {
    apiVersion: OPENCHOREO_API_VERSION,
    kind: 'WorkflowRun',
    metadata: {
      name: run.name,
      namespace: run.namespace,
      labels: {
        [LABEL_LAUNCHED_FROM]: 'backstage',
        [LABEL_LAUNCHED_BY]: toLabelValue(run.userRef),
        ...(run.schedule ? { [LABEL_SCHEDULE]: run.schedule } : {}),
      },
      annotations: {
        [ANNOTATION_LAUNCHED_BY]: run.userRef,
        ...(run.idempotencyKey
          ? { [ANNOTATION_IDEMPOTENCY_KEY]: run.idempotencyKey }
          : {}),
        ...(run.rerunOf ? { [ANNOTATION_RERUN_OF]: run.rerunOf } : {}),
        ...(run.schedule ? { [ANNOTATION_SCHEDULE]: run.schedule } : {}),
      },
    },
    spec: {
      workflow:
        detectGeneration(workflow) === 'v1'
          ? {
              kind: workflow.kind,
              name: workflow.metadata.name,
              parameters,
            }
          : {
              name: workflow.metadata.name,
              parameters,
            },
    },
  };
}

/** The launch request's shape, with the field that is wrong named. */
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
