import { demoManifestsDir } from '@openchoreo-workflows/local-control-plane';
import { requestJson } from '@openchoreo-workflows/test-apiserver';
import { KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import { loadYamlDocuments } from './openchoreoModule';

const isWorkflow = (d: any) =>
  d?.kind === 'Workflow' || d?.kind === 'ClusterWorkflow';

/**
 * The local control plane's v1.x demo workflows (`manifests/*-v1.yaml`): their
 * ClusterWorkflowTemplates first, then the Workflows and ClusterWorkflows.
 * (The v0.x demo needs OpenChoreo v0.17, which the module proxy does not serve.)
 */
export function demoWorkflowObjects(): any[] {
  const dir = demoManifestsDir();
  const docs = fs
    .readdirSync(dir)
    .filter(f => f.endsWith('-v1.yaml'))
    .sort()
    .flatMap(f => loadYamlDocuments(path.join(dir, f)));
  return [
    ...docs.filter(d => d?.kind === 'ClusterWorkflowTemplate'),
    ...docs.filter(isWorkflow),
  ];
}

/** The collection an object of a demo or a sample is created in. */
export function collectionPath(obj: any): string {
  switch (obj.kind) {
    case 'ClusterWorkflowTemplate':
      return '/apis/argoproj.io/v1alpha1/clusterworkflowtemplates';
    case 'ClusterWorkflow':
      return '/apis/openchoreo.dev/v1alpha1/clusterworkflows';
    case 'Workflow':
      return `/apis/openchoreo.dev/v1alpha1/namespaces/${
        obj.metadata.namespace ?? 'default'
      }/workflows`;
    default:
      throw new Error(`openchoreo-stack: no collection for a ${obj.kind}`);
  }
}

/** Creates objects in order (templates before the workflows that use them). */
export async function createObjects(kubeconfig: string, objects: any[]) {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  for (const obj of objects)
    await requestJson(kc, 'POST', collectionPath(obj), obj);
}
