import {
  LABEL_MANAGED_BY,
  LABEL_WORKFLOWRUN,
  LABEL_WORKFLOWRUN_NAMESPACE,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { KubeObject } from '../server/types';
import { LOCAL_ANNOTATION_PREFIX } from './annotations';

type Json = Record<string, any>;

/** The labels that tie what a run created (its Argo Workflow, its resources) back to it. */
export function runLabels(run: KubeObject): Record<string, string> {
  return {
    [LABEL_WORKFLOWRUN]: run.metadata.name,
    [LABEL_WORKFLOWRUN_NAMESPACE]: run.metadata.namespace!,
    [LABEL_MANAGED_BY]: 'workflowrun-controller',
  };
}

/** The run an Argo Workflow was created for, from its labels. */
export function runOf(
  argo: KubeObject,
): { namespace: string; name: string } | undefined {
  const name = argo.metadata.labels?.[LABEL_WORKFLOWRUN];
  const namespace = argo.metadata.labels?.[LABEL_WORKFLOWRUN_NAMESPACE];
  return name && namespace ? { namespace, name } : undefined;
}

const stringValue = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};

/**
 * The Argo Workflow to create from a run's rendered run resource: with the
 * run's labels, the run's simulator annotations and string parameter values.
 */
export function argoWorkflowFor(run: KubeObject, rendered: unknown): Json {
  const argo = structuredClone(rendered) as Json;
  argo.metadata = { ...(argo.metadata ?? {}) };
  argo.metadata.labels = {
    ...(argo.metadata.labels ?? {}),
    ...runLabels(run),
  };
  const local = Object.entries(run.metadata.annotations ?? {}).filter(([k]) =>
    k.startsWith(LOCAL_ANNOTATION_PREFIX),
  );
  if (local.length)
    argo.metadata.annotations = {
      ...(argo.metadata.annotations ?? {}),
      ...Object.fromEntries(local),
    };
  for (const p of argo.spec?.arguments?.parameters ?? []) {
    if (p.value !== undefined) p.value = stringValue(p.value);
  }
  return argo;
}

/** Why a rendered Argo Workflow cannot be created (OpenChoreo needs both), or undefined. */
export function argoWorkflowProblem(argo: Json): string | undefined {
  if (!argo.metadata?.namespace)
    return 'rendered run resource must set metadata.namespace';
  if (!argo.spec?.serviceAccountName)
    return 'rendered run resource must set spec.serviceAccountName';
  return undefined;
}
