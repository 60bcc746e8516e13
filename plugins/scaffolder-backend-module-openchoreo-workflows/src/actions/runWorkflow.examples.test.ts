import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import { createRunWorkflowAction } from './runWorkflow';
import { examples } from './runWorkflow.examples';
import { WorkflowsBackend } from './WorkflowsBackendClient';

describe('openchoreo:workflow:run examples', () => {
  it.each(examples.map(e => [e.description, e]))(
    '%s is accepted by the action',
    async (_d, example) => {
      const step = parse(example.example).steps[0];
      const backend: WorkflowsBackend = {
        preview: jest.fn(async () => ({
          parameters: {},
          errors: [],
          objects: [],
        })),
        launch: jest.fn(
          async (_c, req) =>
            ({
              name: 'r',
              namespace: req.namespace,
              phase: 'Succeeded',
              tasks: [],
              outputs: {},
            } as any),
        ),
        getRun: jest.fn(
          async () =>
            ({
              name: 'r',
              namespace: 'default',
              phase: 'Succeeded',
              tasks: [],
              outputs: {},
            } as any),
        ),
        getLogs: jest.fn(async () => ({ lines: [], complete: true })),
        stop: jest.fn(),
      };
      const action = createRunWorkflowAction({
        backend,
        appBaseUrl: 'http://app',
        pollIntervalMs: 1,
      });
      const ctx = createMockActionContext({ input: step.input });
      await action.handler(ctx);
      expect(backend.launch).toHaveBeenCalledWith(
        expect.anything(),
        expect.objectContaining({
          workflow: expect.objectContaining({ name: step.input.workflow.name }),
        }),
        undefined,
      );
    },
  );
});
