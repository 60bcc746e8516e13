import { LoggerService } from '@backstage/backend-plugin-api';
import {
  mayFailForUserNumbers,
  WorkflowResource,
  WorkflowWarning,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Evaluator } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ClusterState } from '../cluster/ClusterState';
import { memoKey, schemaOf } from './convert';

const NONE: WorkflowWarning[] = [];

/**
 * What each workflow's authors should fix (the common package's
 * workflowWarnings: its template fails once a user types a number). Checking
 * renders the template, so it runs in the evaluator (off the event loop, with
 * its deadline), once per version of a workflow, started when the watch
 * cache sees it; the workflow list shows what is known so far.
 */
export class WorkflowWarnings {
  readonly #known = new WeakMap<object, Promise<WorkflowWarning[]>>();
  readonly #settled = new WeakMap<object, WorkflowWarning[]>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly logger: LoggerService,
  ) {}

  /** Checks every workflow of the cluster as its caches see them. */
  track(cluster: ClusterState) {
    const check =
      (kind: 'Workflow' | 'ClusterWorkflow') =>
      (type: string, workflow: WorkflowResource) => {
        if (type !== 'DELETED') void this.check({ ...workflow, kind });
      };
    cluster.workflows.onChange(check('Workflow'));
    cluster.clusterWorkflows.onChange(check('ClusterWorkflow'));
  }

  /** The warnings known for this version of the workflow (none until checked). */
  known(workflow: WorkflowResource): WorkflowWarning[] {
    const key = memoKey(workflow);
    if (!this.#known.has(key)) void this.check(workflow);
    return this.#settled.get(key) ?? NONE;
  }

  /** Checks this version of the workflow once; later calls share the answer. */
  check(workflow: WorkflowResource): Promise<WorkflowWarning[]> {
    const key = memoKey(workflow);
    let found = this.#known.get(key);
    if (!found) {
      found = this.#evaluate(workflow).then(warnings => {
        this.#settled.set(key, warnings);
        return warnings;
      });
      this.#known.set(key, found);
    }
    return found;
  }

  async #evaluate(workflow: WorkflowResource): Promise<WorkflowWarning[]> {
    // Most workflows have no number a user can type: nothing to render.
    const schema = schemaOf(workflow);
    if (schema.errors.length > 0 || !mayFailForUserNumbers(schema)) return NONE;
    try {
      const result = await this.evaluator.evaluate({
        workflow,
        parameters: {},
        context: {
          runName: 'sample-run',
          namespace: workflow.metadata.namespace || 'default',
        },
        validateOnly: true,
        workflowWarnings: true,
      });
      return result.workflowWarnings ?? NONE;
    } catch (e) {
      this.logger.warn(
        `could not check ${workflow.kind} ${
          workflow.metadata.name
        } for its authors: ${(e as Error).message}`,
      );
      return NONE;
    }
  }
}
