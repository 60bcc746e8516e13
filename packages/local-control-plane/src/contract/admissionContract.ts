/* eslint-disable jest/no-standalone-expect --
 * Test-only module: its cases run inside contract.test.ts and deviation.test.ts (see kubeContract.ts). */
import { ContractContext } from './contractTarget';
import {
  GROUP,
  VERSION,
  workflowsPath,
  runsPath,
  workflow,
  expectStatus,
} from './workflowObjects';

/** What admission rejects (422 with causes naming the field) and what CRD defaulting fills in. */
export const admissionCases: Record<
  string,
  (ctx: ContractContext) => Promise<void>
> = {
  async '422 Invalid with causes naming the field'(ctx) {
    const ns = await ctx.namespace('c-invalid');
    const bad = workflow(ns, 'bad', { ttl: 'soon' });
    const res = await ctx.raw.request('POST', workflowsPath(ns), bad);
    expectStatus(res, 422, 'Invalid');
    expect(res.body.details).toMatchObject({
      name: 'bad',
      group: GROUP,
      kind: 'Workflow',
    });
    expect(res.body.details.causes).toEqual([
      expect.objectContaining({
        reason: 'FieldValueInvalid',
        field: 'spec.ttlAfterCompletion',
      }),
    ]);
    expect(res.body.message).toMatch(
      /^Workflow\.openchoreo\.dev "bad" is invalid: spec\.ttlAfterCompletion/,
    );

    const noTemplate = workflow(ns, 'bad2');
    delete noTemplate.spec.runTemplate;
    const required = await ctx.raw.request(
      'POST',
      workflowsPath(ns),
      noTemplate,
    );
    expectStatus(required, 422, 'Invalid');
    expect(required.body.details.causes).toEqual([
      expect.objectContaining({
        reason: 'FieldValueRequired',
        field: 'spec.runTemplate',
      }),
    ]);

    const run = {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'WorkflowRun',
      metadata: { name: 'bad-run', namespace: ns },
      spec: { workflow: { kind: 'Pipeline', name: 'w' } },
    };
    const notSupported = await ctx.raw.request('POST', runsPath(ns), run);
    expectStatus(notSupported, 422, 'Invalid');
    expect(notSupported.body.details.causes).toEqual([
      expect.objectContaining({
        reason: 'FieldValueNotSupported',
        field: 'spec.workflow.kind',
      }),
    ]);
  },

  async 'CRD defaults: a v1.x run without spec.workflow.kind gets ClusterWorkflow'(
    ctx,
  ) {
    const ns = await ctx.namespace('c-defaults');
    const run = {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'WorkflowRun',
      metadata: { name: 'defaulted', namespace: ns },
      spec: { workflow: { name: 'some-cluster-workflow' } },
    };
    const res = await ctx.raw.request('POST', runsPath(ns), run);
    expect(res.status).toBe(201);
    expect(res.body.spec.workflow).toEqual({
      kind: 'ClusterWorkflow',
      name: 'some-cluster-workflow',
    });
    const explicit = await ctx.raw.request('POST', runsPath(ns), {
      ...run,
      metadata: { name: 'explicit', namespace: ns },
      spec: { workflow: { kind: 'Workflow', name: 'w' } },
    });
    expect(explicit.body.spec.workflow.kind).toBe('Workflow');
  },
};
