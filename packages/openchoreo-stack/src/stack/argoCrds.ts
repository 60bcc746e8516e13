/**
 * Minimal CustomResourceDefinitions for the Argo Workflows kinds OpenChoreo's
 * controller creates and reads. Argo's Go modules are not on the module proxy,
 * so these are written here: each object is schemaless below the top level
 * (x-kubernetes-preserve-unknown-fields), as in Argo's own "minimal" CRDs, and
 * like Argo's there is no status subresource (Argo writes status with the object).
 */
function argoCrd(
  kind: string,
  plural: string,
  scope: 'Namespaced' | 'Cluster',
  shortNames: string[],
): object {
  const free = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.argoproj.io` },
    spec: {
      group: 'argoproj.io',
      scope,
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        shortNames,
      },
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              required: ['metadata', 'spec'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: free,
                status: free,
              },
            },
          },
        },
      ],
    },
  };
}

/** Workflow, WorkflowTemplate and ClusterWorkflowTemplate (argoproj.io/v1alpha1). */
export function argoCrds(): object[] {
  return [
    argoCrd('Workflow', 'workflows', 'Namespaced', ['wf']),
    argoCrd('WorkflowTemplate', 'workflowtemplates', 'Namespaced', ['wftmpl']),
    argoCrd('ClusterWorkflowTemplate', 'clusterworkflowtemplates', 'Cluster', [
      'clusterwftmpl',
      'cwft',
    ]),
  ];
}
