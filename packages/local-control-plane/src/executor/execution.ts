import { KubeObject } from '../server/types';
import { Aborted, isoNow, Json } from './argoTemplates';
import {
  ARGO_WORKFLOWS,
  CLUSTER_WORKFLOW_TEMPLATES,
  ExecutorKube,
  KubeConflict,
  WORKFLOW_TEMPLATES,
} from './kube';

/** Where a template comes from: the workflow itself, or a (Cluster)WorkflowTemplate. */
export interface TemplateSource {
  kind: 'local' | 'cluster' | 'namespaced';
  name: string;
}

const FINISHED = ['Succeeded', 'Failed', 'Error'];
const WRITE_ATTEMPTS = 5;

/**
 * The state of one Argo Workflow being executed: its status (written to the
 * cluster by {@link Execution.flush}, one write at a time), the templates it
 * may call, and the abort signal raised when it is deleted.
 */
export class Execution {
  readonly abort = new AbortController();
  readonly status: Json = {
    phase: 'Running',
    startedAt: isoNow(),
    finishedAt: null,
    progress: '0/0',
    nodes: {},
  };
  /** The workflow's own templates (spec.templates, then those of its workflowTemplateRef). */
  readonly templates = new Map<string, Json>();
  templateSource: TemplateSource;
  private readonly owners = new Map<string, Promise<KubeObject | undefined>>();
  /** The next status write, while it has not started: later changes join it. */
  private nextWrite?: Promise<void>;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    readonly kube: ExecutorKube,
    /** The workflow as last read or written (its resourceVersion is the next write's precondition). */
    public wf: KubeObject,
    readonly stepSeconds: number,
    private readonly onWritten?: (wf: KubeObject) => void,
  ) {
    this.templateSource = { kind: 'local', name: wf.metadata.name };
  }

  get name() {
    return this.wf.metadata.name;
  }

  get namespace() {
    return this.wf.metadata.namespace!;
  }

  checkAborted() {
    if (this.abort.signal.aborted) throw new Aborted();
  }

  /**
   * Writes the status (Argo's CRD has no status subresource: the whole object
   * is written, with the phase labels Argo sets). Concurrent callers share
   * writes; the promise settles once a write that includes the caller's
   * changes is done. A deleted workflow aborts the execution.
   */
  flush(): Promise<void> {
    if (this.abort.signal.aborted) return Promise.reject(new Aborted());
    if (!this.nextWrite) {
      const write = this.writes.then(() => {
        this.nextWrite = undefined;
        return this.write();
      });
      this.nextWrite = write;
      this.writes = write.catch(() => undefined);
    }
    return this.nextWrite;
  }

  private async write() {
    const pods = Object.values(this.status.nodes).filter(
      (n: any) => n.type === 'Pod',
    );
    this.status.progress = `${
      pods.filter((n: any) => n.phase === 'Succeeded').length
    }/${pods.length}`;
    const status = JSON.parse(JSON.stringify(this.status));
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const current = this.wf;
      if (this.abort.signal.aborted || current.metadata.deletionTimestamp) {
        this.abort.abort();
        throw new Aborted();
      }
      const labels = {
        ...(current.metadata.labels ?? {}),
        'workflows.argoproj.io/phase': status.phase,
        'workflows.argoproj.io/completed': String(
          FINISHED.includes(status.phase),
        ),
      };
      try {
        const written = await this.kube.replace(ARGO_WORKFLOWS, {
          ...current,
          metadata: { ...current.metadata, labels },
          status,
        });
        if (!written) break;
        this.wf = written;
        this.onWritten?.(written);
        return;
      } catch (e) {
        if (!(e instanceof KubeConflict)) throw e;
        const latest = await this.kube.get(
          ARGO_WORKFLOWS,
          this.namespace,
          this.name,
        );
        if (!latest) break;
        this.wf = latest;
      }
    }
    this.abort.abort();
    throw new Aborted();
  }

  /** Resolves after `ms`, or rejects with Aborted when the workflow is deleted first. */
  sleep(ms: number) {
    return new Promise<void>((resolve, reject) => {
      if (this.abort.signal.aborted) {
        reject(new Aborted());
        return;
      }
      let timer: NodeJS.Timeout | undefined = undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Aborted());
      };
      timer = setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  setNode(node: Json) {
    this.status.nodes[node.id] = node;
    if (node.boundaryID === undefined) delete node.boundaryID;
  }

  node(id: string): Json | undefined {
    return this.status.nodes[id];
  }

  addChild(parentId: string | undefined, childId: string) {
    if (!parentId) return;
    const parent = this.status.nodes[parentId];
    if (parent)
      parent.children = [...new Set([...(parent.children ?? []), childId])];
  }

  /** A (Cluster)WorkflowTemplate, read once per execution (Argo, too, keeps what it read at the start). */
  owner(clusterScope: boolean, name: string): Promise<KubeObject | undefined> {
    const key = `${clusterScope ? 'cluster' : 'namespaced'}/${name}`;
    let found = this.owners.get(key);
    if (!found) {
      found = clusterScope
        ? this.kube.get(CLUSTER_WORKFLOW_TEMPLATES, undefined, name)
        : this.kube.get(WORKFLOW_TEMPLATES, this.namespace, name);
      this.owners.set(key, found);
    }
    return found;
  }

  /** Resolves a step's template: a local name, or a templateRef into a (Cluster)WorkflowTemplate. */
  async resolveTemplate(
    step: Json,
    scope: TemplateSource,
  ): Promise<{ template: Json; templateScope: TemplateSource }> {
    if (step.templateRef) {
      const ref = step.templateRef;
      const owner = await this.owner(!!ref.clusterScope, ref.name);
      if (!owner) {
        throw new Error(
          `${
            ref.clusterScope ? 'clusterworkflowtemplates' : 'workflowtemplates'
          }.argoproj.io "${ref.name}" not found`,
        );
      }
      const tmpl = ((owner as any).spec?.templates ?? []).find(
        (t: Json) => t.name === ref.template,
      );
      if (!tmpl)
        throw new Error(`template ${ref.template} not found in ${ref.name}`);
      return {
        template: tmpl,
        templateScope: {
          kind: ref.clusterScope ? 'cluster' : 'namespaced',
          name: ref.name,
        },
      };
    }
    let local: Json | undefined;
    if (scope.kind !== 'local') {
      const owner = await this.owner(scope.kind === 'cluster', scope.name);
      local = ((owner as any)?.spec?.templates ?? []).find(
        (t: Json) => t.name === step.template,
      );
    }
    local ??= this.templates.get(step.template);
    if (!local) throw new Error(`templates.${step.template} not found`);
    return { template: local, templateScope: scope };
  }
}
