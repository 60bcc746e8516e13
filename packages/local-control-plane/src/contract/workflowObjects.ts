/* eslint-disable jest/no-standalone-expect --
 * Test-only module: its cases run inside contract.test.ts and deviation.test.ts (see kubeContract.ts). */
import { ContractContext } from './contractTarget';

/** The objects the cases write: v0.x-style Workflows and WorkflowRuns of openchoreo.dev. */
export const GROUP = 'openchoreo.dev';
export const VERSION = 'v1alpha1';
const base = `/apis/${GROUP}/${VERSION}`;
export const workflowsPath = (ns?: string, name?: string, sub?: string) =>
  `${base}${ns ? `/namespaces/${ns}` : ''}/workflows${name ? `/${name}` : ''}${
    sub ? `/${sub}` : ''
  }`;
export const runsPath = (ns: string, name?: string) =>
  `${base}/namespaces/${ns}/workflowruns${name ? `/${name}` : ''}`;
export const clusterWorkflowsPath = (name?: string) =>
  `${base}/clusterworkflows${name ? `/${name}` : ''}`;

/** A v0.x-style Workflow: no v1.x admission mutations apply, so objects compare as sent. */
export function workflow(
  namespace: string,
  name: string,
  extra: {
    labels?: Record<string, string>;
    finalizers?: string[];
    ttl?: string;
    generateName?: string;
  } = {},
): any {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'Workflow',
    metadata: {
      ...(extra.generateName ? { generateName: extra.generateName } : { name }),
      namespace,
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
    },
    spec: {
      schema: { parameters: { n: 'string' } },
      runTemplate: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { name: '${ctx.workflowRunName}' },
        spec: { entrypoint: 'main' },
      },
      ...(extra.ttl ? { ttlAfterCompletion: extra.ttl } : {}),
    },
  };
}

export async function createWorkflow(ctx: ContractContext, obj: any) {
  const res = await ctx.raw.request(
    'POST',
    workflowsPath(obj.metadata.namespace),
    obj,
  );
  expect(res.status).toBe(201);
  return res.body;
}

export function expectStatus(
  res: { status: number; body: any },
  code: number,
  reason: string,
) {
  expect({ status: res.status, kind: res.body?.kind }).toEqual({
    status: code,
    kind: 'Status',
  });
  expect(res.body).toMatchObject({
    apiVersion: 'v1',
    status: 'Failure',
    reason,
    code,
  });
}

export const names = (list: any) =>
  list.items.map((o: any) => o.metadata.name).sort();

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
