import { ARGO } from './plane';

/** Objects the server tests create. */
export const wfTemplate = (
  name: string,
  labels: Record<string, string> = {},
) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'WorkflowTemplate',
  metadata: { name, labels },
  spec: {
    entrypoint: 'main',
    templates: [{ name: 'main', container: { image: 'alpine' } }],
  },
});

export const v1Workflow = (name: string) => ({
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'Workflow',
  metadata: { name },
  spec: {
    parameters: { openAPIV3Schema: { type: 'object', properties: {} } },
    runTemplate: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        name: '${metadata.workflowRunName}',
        namespace: '${metadata.namespace}',
      },
      spec: { workflowTemplateRef: { name: 'none', clusterScope: true } },
    },
  },
});

export const WT = { ...ARGO, plural: 'workflowtemplates' };
