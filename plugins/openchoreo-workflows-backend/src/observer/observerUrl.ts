import {
  OPENCHOREO_GROUP,
  OPENCHOREO_VERSION,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { ObserverError } from './ObserverClient';

const API = `/apis/${OPENCHOREO_GROUP}/${OPENCHOREO_VERSION}`;
/** How long a resolved URL (or the failure to resolve one) is reused. */
const CACHE_MS = 60_000;
const DEFAULT_PLANE = 'default';

interface PlaneRef {
  kind?: string;
  name?: string;
}

/**
 * The observer URL of a run, found as OpenChoreo's `occ workflowrun logs`
 * finds it (internal/occ/cmd/workflowrun/logs.go resolveObserverURL): the
 * workflow's `spec.workflowPlaneRef` → that (Cluster)WorkflowPlane's
 * `spec.observabilityPlaneRef` → that (Cluster)ObservabilityPlane's
 * `spec.observerURL`; without a reference, the ObservabilityPlane `default` of
 * the run's namespace, then the ClusterObservabilityPlane `default`. occ
 * looks up namespaced Workflows only; a ClusterWorkflow's reference
 * (always a ClusterWorkflowPlane) is followed the same way here.
 */
export class ObserverUrlResolver {
  readonly #cache = new Map<string, { at: number; url: Promise<string> }>();

  constructor(private readonly cluster: ClusterState) {}

  resolve(run: RunDetail): Promise<string> {
    const { kind, name } = run.workflow;
    const key = `${kind}/${run.namespace}/${name}`;
    const cached = this.#cache.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.url;
    const url = this.#resolve(run);
    this.#cache.set(key, { at: Date.now(), url });
    if (this.#cache.size > 1000) {
      this.#cache.delete(this.#cache.keys().next().value!);
    }
    return url;
  }

  async #resolve(run: RunDetail): Promise<string> {
    const ns = run.namespace;
    const workflow = this.cluster.getWorkflow(
      run.workflow.kind,
      ns,
      run.workflow.name,
    );
    const planeRef = (workflow?.spec as { workflowPlaneRef?: PlaneRef })
      ?.workflowPlaneRef;
    const obsRef = await this.#observabilityPlaneRef(ns, planeRef);
    if (obsRef?.name) {
      const url =
        obsRef.kind === 'ClusterObservabilityPlane'
          ? await this.#observerUrl(
              `${API}/clusterobservabilityplanes/${obsRef.name}`,
            )
          : await this.#observerUrl(
              `${API}/namespaces/${ns}/observabilityplanes/${obsRef.name}`,
            );
      if (url) return url;
    }
    const fallback =
      (await this.#observerUrl(
        `${API}/namespaces/${ns}/observabilityplanes/${DEFAULT_PLANE}`,
        true,
      )) ??
      (await this.#observerUrl(
        `${API}/clusterobservabilityplanes/${DEFAULT_PLANE}`,
        true,
      ));
    if (fallback) return fallback;
    throw new ObserverError(
      `OpenChoreo's observer of cluster '${this.cluster.name}' cannot be found: no ObservabilityPlane with an observerURL serves ${run.workflow.kind} '${run.workflow.name}'`,
    );
  }

  /** The plane's `spec.observabilityPlaneRef`; undefined when it cannot be read, as occ does. */
  async #observabilityPlaneRef(
    ns: string,
    ref: PlaneRef | undefined,
  ): Promise<PlaneRef | undefined> {
    if (!ref?.name) return undefined;
    const path =
      ref.kind === 'WorkflowPlane'
        ? `${API}/namespaces/${ns}/workflowplanes/${ref.name}`
        : `${API}/clusterworkflowplanes/${ref.name}`;
    const plane = await this.cluster.controlPlane
      .getOptional(path, `${ref.kind ?? 'ClusterWorkflowPlane'} ${ref.name}`)
      .catch(() => undefined);
    const obs = plane?.spec?.observabilityPlaneRef as PlaneRef | undefined;
    if (!obs) return undefined;
    // A ClusterWorkflowPlane can only reference a ClusterObservabilityPlane.
    return ref.kind === 'WorkflowPlane'
      ? obs
      : { kind: 'ClusterObservabilityPlane', name: obs.name };
  }

  /** `spec.observerURL` of a plane; a referenced plane that cannot be read is an error, as in occ. */
  async #observerUrl(
    path: string,
    optional = false,
  ): Promise<string | undefined> {
    let plane: any;
    const what = path.replace(`${API}/`, '');
    try {
      plane = optional
        ? await this.cluster.controlPlane.getOptional(path, what)
        : await this.cluster.controlPlane.get(path, what);
    } catch (e) {
      if (optional) return undefined;
      throw new ObserverError(
        `OpenChoreo's observer of cluster '${
          this.cluster.name
        }' cannot be found: ${(e as Error).message}`,
      );
    }
    const url = plane?.spec?.observerURL;
    if (typeof url !== 'string' || !/^https?:\/\/[^/]/.test(url))
      return undefined;
    return url.replace(/\/+$/, '');
  }
}
