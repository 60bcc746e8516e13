import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  detectGeneration,
  LaunchRequest,
  OPENCHOREO_API_VERSION,
  RunDetail,
  WorkflowResource,
  workflowLookupNamespace,
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
  claimedFor,
  idempotencyKeyProblem,
  isSameLaunch,
  LaunchIdentity,
  launchTarget,
} from './idempotency';
import {
  generateRunName,
  idempotentSuffix,
  dns1123LabelProblem,
} from './names';
import { RunQueries } from './RunQueries';
import { WorkflowService } from './WorkflowService';

/** Whose idempotency key: the launcher's, on this cluster. */
const launchKey = (cluster: ClusterState, launch: LaunchIdentity) => ({
  cluster: cluster.name,
  userRef: launch.userRef,
  idempotencyKey: launch.idempotencyKey,
});

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
      workflowLookupNamespace(req.workflow, req.namespace),
      req.workflow.name,
    );
    const namespace = this.deps.workflows.runNamespace(workflow, req.namespace);
    const outside = cluster.namespaceProblem(namespace);
    if (outside) {
      throw new LaunchValidationError([
        { path: 'namespace', message: outside },
      ]);
    }

    const name =
      req.name ??
      generateRunName(
        workflow.metadata.name,
        req.idempotencyKey
          ? idempotentSuffix(userRef, req.idempotencyKey)
          : undefined,
      );
    const launch: LaunchIdentity | undefined = req.idempotencyKey
      ? {
          userRef,
          idempotencyKey: req.idempotencyKey,
          workflow: req.workflow,
          namespace,
          name,
        }
      : undefined;
    // The key is claimed before anything is created: of concurrent launches
    // with one key (on any replica), only the one it was claimed for goes on.
    const claim = launch ? await this.#claim(cluster, launch) : undefined;
    if (claim && 'replayed' in claim) {
      return { run: claim.replayed, created: false };
    }
    try {
      const outcome = await this.#evaluateAndCreate(cluster, workflow, {
        parameters: req.parameters ?? {},
        name,
        namespace,
        userRef,
        idempotencyKey: req.idempotencyKey,
        rerunOf: options.rerunOf,
        schedule: options.schedule,
        launch,
      });
      // A copy of the launch that found the key claimed keeps it claimed
      // (the claimer may have failed and released it meanwhile).
      if (launch && !claim?.mine) {
        await this.deps.archive.launches.claim(
          launchKey(cluster, launch),
          launchTarget(launch),
        );
      }
      return outcome;
    } catch (e) {
      if (launch && claim?.mine) {
        // Nothing was created: a retry may claim the key again. Should the
        // release fail, the key stays claimed for this very launch (a retry
        // of it still succeeds); the launch's own error is what to answer.
        await this.deps.archive.launches
          .release(launchKey(cluster, launch), launchTarget(launch))
          .catch(() => undefined);
      }
      throw e;
    }
  }

  /** Validates and renders the run (off the event loop), then creates it. */
  async #evaluateAndCreate(
    cluster: ClusterState,
    workflow: WorkflowResource,
    run: NewRun & {
      parameters: Record<string, unknown>;
      launch?: LaunchIdentity;
    },
  ): Promise<{ run: RunDetail; created: boolean }> {
    const { name, namespace, userRef } = run;
    // Validated with defaults; rendered from what the run will carry, as
    // OpenChoreo will render it (in the evaluator, off the event loop).
    const prepared = await this.deps.evaluator.evaluate(
      {
        workflow,
        parameters: run.parameters,
        context: { runName: name, namespace },
      },
      { user: userRef },
    );
    if (prepared.errors.length > 0)
      throw new LaunchValidationError(prepared.errors);
    if (prepared.renderError) {
      throw new LaunchRenderError(prepared.renderError);
    }

    const body = newRunResource(workflow, prepared.runParameters, run);
    const outcome = await this.#create(cluster, body, run.launch);
    if ('existing' in outcome) return { run: outcome.existing, created: false };
    const created = outcome.created;
    // Just rendered as OpenChoreo will: nothing to diagnose.
    this.deps.diagnoses.rendered(cluster, created);
    // The cache's change (archived by RunArchiver) is the run's one archive write.
    cluster.runs.upsertLocal(created);
    return { run: toRunDetail(cluster.name, created), created: true };
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

  /**
   * Claims the launch's idempotency key. Held already: for this very launch
   * (a retry, or a concurrent copy), whose run is answered when it exists and
   * created (its name collides with the other copy's) when it does not yet;
   * for another launch, a 409 on idempotencyKey.
   */
  async #claim(
    cluster: ClusterState,
    launch: LaunchIdentity,
  ): Promise<{ mine: boolean } | { replayed: RunDetail }> {
    const held = await this.deps.archive.launches.claim(
      launchKey(cluster, launch),
      launchTarget(launch),
    );
    if (!held) return { mine: true };
    if (claimedFor(held, launch)) {
      const run = await this.deps.runs
        .get(cluster, held.namespace, held.name)
        .catch(e => {
          if (e instanceof NotFoundError) return undefined;
          throw e;
        });
      if (run && isSameLaunch(run, launch)) return { replayed: run };
      // A row of before claims was written after its run was created.
      if (held.workflow) return { mine: false };
    }
    throw new LaunchConflictError([
      {
        path: 'idempotencyKey',
        message: `was used for another launch (run ${held.namespace}/${held.name}); use a new key`,
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

/** What names and labels a new run: who launched it, and why. */
type NewRun = {
  name: string;
  namespace: string;
  userRef: string;
  idempotencyKey?: string;
  rerunOf?: string;
  schedule?: string;
};

/** The WorkflowRun a launch creates, as OpenChoreo's generation of the workflow expects it. */
function newRunResource(
  workflow: WorkflowResource,
  parameters: Record<string, unknown>,
  run: NewRun,
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
  const namespaceProblem = dns1123LabelProblem(body.namespace);
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
        ? dns1123LabelProblem(body.name)
        : 'must be a string';
    if (problem) fail('name', problem);
  }
  if (body.idempotencyKey !== undefined) {
    const problem = idempotencyKeyProblem(body.idempotencyKey);
    if (problem) fail('idempotencyKey', problem);
  }
  return body as LaunchRequest;
}
