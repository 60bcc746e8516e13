/* eslint-disable jest/no-standalone-expect --
 * Test-only module: its cases run inside contract.test.ts (see kubeContract.ts). */
import { ContractContext } from './contractTarget';
import { expectStatus, workflow, workflowsPath } from './workflowObjects';

/** The kube-apiserver's default MaxRequestBodyBytes. */
const MAX_BODY = 3 * 1024 * 1024;

/** How request bodies are read: size limit and media types, as the real apiserver reads them. */
export const requestBodyCases: Record<
  string,
  (ctx: ContractContext) => Promise<void>
> = {
  async 'a body over 3 MiB is 413 RequestEntityTooLarge'(ctx) {
    const ns = await ctx.namespace('contract-body-limit');
    const big = workflow(ns, 'too-big');
    big.metadata.annotations = { filler: 'x'.repeat(MAX_BODY + 1024) };
    const res = await ctx.raw.request('POST', workflowsPath(ns), big);
    expectStatus(res, 413, 'RequestEntityTooLarge');
    expect(res.body.message).toBe(
      `Request entity too large: limit is ${MAX_BODY}`,
    );
    // The connection is still usable and nothing was created.
    expectStatus(
      await ctx.raw.request('GET', workflowsPath(ns, 'too-big')),
      404,
      'NotFound',
    );
  },

  async 'a body in an unknown media type is 415 UnsupportedMediaType'(ctx) {
    const ns = await ctx.namespace('contract-body-type');
    const res = await ctx.raw.request(
      'POST',
      workflowsPath(ns),
      workflow(ns, 'plain-text'),
      'text/plain',
    );
    expectStatus(res, 415, 'UnsupportedMediaType');
    expect(res.body.message).toContain(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    );
  },

  async 'a body without a media type is JSON, and application/yaml is read as YAML'(
    ctx,
  ) {
    const ns = await ctx.namespace('contract-body-default');
    const none = await ctx.raw.request(
      'POST',
      workflowsPath(ns),
      workflow(ns, 'no-type'),
      '',
    );
    expect(none.status).toBe(201);
    // JSON is YAML: the YAML decoder reads it.
    const yaml = await ctx.raw.request(
      'POST',
      workflowsPath(ns),
      workflow(ns, 'as-yaml'),
      'application/yaml; charset=utf-8',
    );
    expect(yaml.status).toBe(201);
    expect(yaml.body.metadata.name).toBe('as-yaml');
  },
};
