import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  demoManifestsDir,
  readManifests,
} from '@openchoreo-workflows/local-control-plane';
import {
  prepareParameters,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
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
          runParameters: {},
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
        createSchedule: jest.fn(async () => {
          throw new Error('the run action never schedules');
        }),
        getLogs: jest.fn(async () => ({
          lines: [],
          complete: true,
          steps: [],
        })),
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

describe('openchoreo:workflow:run examples against the demo workflows', () => {
  const demo = readManifests([demoManifestsDir()]);
  it.each(examples.map(e => [e.description, e]))(
    '%s has valid parameters for its workflow',
    (_d, example) => {
      const { input } = parse(example.example).steps[0];
      const workflow = demo.find(
        o =>
          o.kind === input.workflow.kind &&
          o.metadata.name === input.workflow.name,
      );
      expect(workflow?.metadata).toMatchObject({
        name: input.workflow.name,
      });
      const { errors } = prepareParameters(
        workflow as unknown as WorkflowResource,
        input.parameters,
      );
      expect(errors).toEqual([]);
    },
  );
});
