import {
  apiError,
  OC,
  startTestPlane,
  TestPlane,
} from '../../__testUtils__/plane';

describe('local control plane admission', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane({ bookmarkIntervalMs: 100, stepSeconds: 0.05 });
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  it('defaults spec.workflow.kind only for v1.x-style runs and keeps it immutable', async () => {
    const runs = { ...OC, namespace: 'default', plural: 'workflowruns' };
    const annotations = { 'local.openchoreo.dev/step-seconds': '0' };
    const v1: any = await t.custom.createNamespacedCustomObject({
      ...runs,
      body: {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'WorkflowRun',
        metadata: { name: 'kindless-v1', annotations },
        spec: { workflow: { name: 'whatever' } },
      },
    });
    expect(v1.spec.workflow.kind).toBe('ClusterWorkflow');
    const v0: any = await t.custom.createNamespacedCustomObject({
      ...runs,
      body: {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'WorkflowRun',
        metadata: {
          name: 'kindless-v0',
          annotations: {
            ...annotations,
            'local.openchoreo.dev/api-generation': 'v0',
          },
        },
        spec: { workflow: { name: 'whatever' } },
      },
    });
    expect(v0.spec.workflow.kind).toBeUndefined();
    const immutable = await apiError(
      t.custom.patchNamespacedCustomObject({
        ...runs,
        name: 'kindless-v1',
        body: [
          { op: 'replace', path: '/spec/workflow/kind', value: 'Workflow' },
        ],
      }),
    );
    expect(immutable.code).toBe(422);
    expect(immutable.body.details.causes[0]).toEqual(
      expect.objectContaining({
        field: 'spec.workflow.kind',
        message: expect.stringContaining('kind is immutable'),
      }),
    );
  });
});
