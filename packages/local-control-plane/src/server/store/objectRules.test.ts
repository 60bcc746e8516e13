import {
  apiError,
  OC,
  startTestPlane,
  TestPlane,
} from '../../__testUtils__/plane';
import { WT, wfTemplate, v1Workflow } from '../../__testUtils__/objects';

describe('local control plane object rules', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane({ bookmarkIntervalMs: 100, stepSeconds: 0.05 });
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  it('rejects invalid objects with 422 Invalid naming the fields', async () => {
    const bad = await apiError(
      t.custom.createNamespacedCustomObject({
        ...OC,
        namespace: 'default',
        plural: 'workflowruns',
        body: {
          apiVersion: 'openchoreo.dev/v1alpha1',
          kind: 'WorkflowRun',
          metadata: { name: 'bad-run' },
          spec: { workflow: { kind: 'Pipeline' } },
        },
      }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body.reason).toBe('Invalid');
    expect(bad.body.details.kind).toBe('WorkflowRun');
    expect(bad.body.details.causes).toEqual(
      expect.arrayContaining([
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.workflow.name',
        },
        expect.objectContaining({
          reason: 'FieldValueNotSupported',
          field: 'spec.workflow.kind',
        }),
      ]),
    );
    expect(bad.body.message).toContain(
      'WorkflowRun.openchoreo.dev "bad-run" is invalid',
    );

    const badName = await apiError(
      t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        body: wfTemplate('Not_Valid'),
      }),
    );
    expect(badName.code).toBe(422);
    expect(badName.body.details.causes[0].field).toBe('metadata.name');

    const badTemplate = await apiError(
      t.custom.createNamespacedCustomObject({
        ...OC,
        namespace: 'default',
        plural: 'workflows',
        body: {
          ...v1Workflow('bad-ns'),
          spec: {
            runTemplate: {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Workflow',
              metadata: { name: 'x', namespace: 'elsewhere' },
            },
          },
        },
      }),
    );
    expect(badTemplate.code).toBe(422);
    expect(badTemplate.body.details.causes[0].field).toBe(
      'spec.runTemplate.metadata.namespace',
    );
  });
});
