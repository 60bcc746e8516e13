import { InputError, NotFoundError } from '@backstage/errors';
import {
  deriveRunStatus,
  PreviewRequest,
  PreviewResponse,
  WorkflowDetail,
  WorkflowKind,
  WorkflowResource,
  WorkflowSummary,
  formDefaults,
  LastRunInfo,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Evaluator } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ClusterState, workflowKey } from '../cluster/ClusterState';
import { schemaOf, toWorkflowSummary } from './convert';
import { WorkflowWarnings } from './WorkflowWarnings';

export interface WorkflowFilter {
  search?: string;
  namespace?: string;
  kind?: WorkflowKind;
  type?: 'generic' | 'component';
}

/** The workflow list, workflow details and previews, all from the watch caches. */
export class WorkflowService {
  /**
   * `evaluator` validates and renders previews off the event loop;
   * `warnings` says what workflows' authors should fix.
   */
  constructor(
    private readonly evaluator: Evaluator,
    private readonly warnings: WorkflowWarnings,
  ) {}

  list(cluster: ClusterState, filter: WorkflowFilter): WorkflowSummary[] {
    const search = filter.search?.toLowerCase();
    return cluster
      .listWorkflows()
      .map(w =>
        toWorkflowSummary(
          cluster.name,
          w,
          this.#lastRun(cluster, w),
          this.warnings.known(w),
        ),
      )
      .filter(
        s =>
          (!filter.kind || s.kind === filter.kind) &&
          (!filter.namespace || s.namespace === filter.namespace) &&
          (!filter.type || s.type === filter.type) &&
          (!search ||
            [s.name, s.title, s.description ?? '']
              .join(' ')
              .toLowerCase()
              .includes(search)),
      )
      .sort(
        (a, b) =>
          a.title.localeCompare(b.title) || a.name.localeCompare(b.name),
      );
  }

  get(
    cluster: ClusterState,
    kind: WorkflowKind,
    namespace: string | undefined,
    name: string,
  ): WorkflowResource {
    const workflow = cluster.getWorkflow(kind, namespace, name);
    if (!workflow) {
      throw new NotFoundError(
        kind === 'ClusterWorkflow'
          ? `ClusterWorkflow '${name}' not found`
          : `Workflow '${namespace}/${name}' not found`,
      );
    }
    return { ...workflow, kind };
  }

  async detail(
    cluster: ClusterState,
    workflow: WorkflowResource,
  ): Promise<WorkflowDetail> {
    const schema = schemaOf(workflow);
    const runTemplate = workflow.spec.runTemplate ?? {};
    return {
      ...toWorkflowSummary(
        cluster.name,
        workflow,
        this.#lastRun(cluster, workflow),
        await this.warnings.check(workflow),
      ),
      jsonSchema: schema.jsonSchema as Record<string, unknown>,
      uiSchema: schema.uiSchema,
      schemaErrors: schema.errors,
      defaults: formDefaults(schema.jsonSchema),
      runTemplate: {
        apiVersion: runTemplate.apiVersion as string | undefined,
        kind: runTemplate.kind as string | undefined,
      },
      resourceIds: (workflow.spec.resources ?? []).map(r => r.id),
      ttlAfterCompletion: workflow.spec.ttlAfterCompletion,
    };
  }

  /**
   * Defaults and validates the parameters, and renders what a launch would
   * write into the WorkflowRun as OpenChoreo will render it, without creating
   * anything, in the evaluator (a worker thread with a deadline) on behalf of
   * `user`.
   */
  async preview(
    workflow: WorkflowResource,
    request: PreviewRequest,
    options: { user?: string; runName?: string } = {},
  ): Promise<PreviewResponse> {
    const namespace = this.runNamespace(workflow, request.namespace);
    const evaluated = await this.evaluator.evaluate(
      {
        workflow,
        parameters: request.parameters ?? {},
        context: { runName: options.runName ?? 'preview', namespace },
      },
      { user: options.user },
    );
    const { rendered, renderError, warnings } = evaluated;
    return {
      parameters: evaluated.parameters,
      runParameters: evaluated.runParameters,
      errors: evaluated.errors,
      objects: rendered
        ? [rendered.run, ...rendered.resources.map(r => r.object)]
        : [],
      ...(renderError ? { renderError } : {}),
      warnings,
    };
  }

  /** The namespace a run of this workflow goes to; a Workflow's runs stay in its namespace. */
  runNamespace(workflow: WorkflowResource, requested?: string): string {
    const target = launchNamespace(workflow, requested);
    if (workflow.kind === 'Workflow' && requested && requested !== target) {
      throw new InputError(
        `namespace: a run of Workflow '${target}/${workflow.metadata.name}' must be created in namespace '${target}', not '${requested}'`,
      );
    }
    if (!target) {
      throw new InputError(
        'namespace: is required for a run of a ClusterWorkflow',
      );
    }
    return target;
  }

  #lastRun(
    cluster: ClusterState,
    w: WorkflowResource,
  ): LastRunInfo | undefined {
    const runs = cluster.runs.byIndex(
      'workflow',
      workflowKey(w.kind, w.metadata.namespace, w.metadata.name),
    );
    let last;
    for (const r of runs) {
      if (
        !last ||
        (r.metadata.creationTimestamp ?? '') >
          (last.metadata.creationTimestamp ?? '')
      ) {
        last = r;
      }
    }
    if (!last) return undefined;
    return {
      name: last.metadata.name,
      namespace: last.metadata.namespace!,
      phase: deriveRunStatus(last).phase,
      createdAt: last.metadata.creationTimestamp,
      completedAt: last.status?.completedAt,
    };
  }
}

/**
 * Where a launch of `workflow` asking for `requested` puts its run: a
 * Workflow's own namespace (a request for another is refused), else the one
 * asked for. What launch permission decisions see (LAUNCHES_INTO_NAMESPACE).
 */
export function launchNamespace(
  workflow: WorkflowResource,
  requested: string | undefined,
): string | undefined {
  return workflow.kind === 'Workflow' ? workflow.metadata.namespace : requested;
}
