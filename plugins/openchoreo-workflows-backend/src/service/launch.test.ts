/*
 * Launches against the local control plane (whose controller renders with the
 * common package, typed as OpenChoreo types parameters): what a WorkflowRun
 * carries, render failures refused or explained, and idempotency keys that
 * never hand out another launch's run.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { demoManifestsDir } from '@openchoreo-workflows/local-control-plane';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  eventually,
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { API, startWorkflowsBackend } from '../__testUtils__/backend';
import { runNamesIn, workflowRunType } from '../__testUtils__/localRuns';

jest.setTimeout(60_000);

const EXPRESSION = 'parameters.count * 100 + 1';
const CANNOT_RENDER = `OpenChoreo cannot render this run: \`${EXPRESSION}\`: no such overload`;

/** The held-out case of issue 11: an integer with a default, multiplied in the template. */
const HELD_OUT = `
apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: held-out
spec:
  entrypoint: main
  templates:
    - name: main
      container:
        image: alpine:3.20
        command: [sh, -c, 'echo {{workflow.parameters.n}}']
---
apiVersion: openchoreo.dev/v1alpha1
kind: Workflow
metadata:
  name: held-out
  namespace: default
spec:
  parameters:
    openAPIV3Schema:
      type: object
      properties:
        count: { type: integer, default: 3 }
  runTemplate:
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata:
      name: \${metadata.workflowRunName}
      namespace: \${metadata.namespace}
    spec:
      serviceAccountName: workflow-sa
      arguments:
        parameters:
          - name: n
            value: '\${${EXPRESSION}}'
      workflowTemplateRef:
        clusterScope: true
        name: held-out
`;

describe('launches', () => {
  let local: TestLocalControlPlane;
  let lcp: TestLocalControlPlane['plane'];
  let tmp: string;
  let server: any;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-launch-'));
    fs.writeFileSync(path.join(tmp, 'held-out.yaml'), HELD_OUT);
    local = await startTestLocalControlPlane({
      manifests: [demoManifestsDir(), path.join(tmp, 'held-out.yaml')],
      stepSeconds: 0.1,
      retrySeconds: 1,
    });
    lcp = local.plane;
    const backend = await startWorkflowsBackend({
      clusters: [local.clusterConfig],
    });
    server = backend.server;
  });

  afterAll(async () => {
    await local?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const runType = () => workflowRunType(lcp);
  const runsInCluster = () => runNamesIn(lcp);
  const launch = (body: Record<string, unknown>, user = 'user:default/jane') =>
    request(server)
      .post(`${API}/runs`)
      .set('Authorization', mockCredentials.user.header(user))
      .send({ namespace: 'default', ...body });
  const heldOut = { kind: 'Workflow', name: 'held-out' };

  describe('a number parameter with a default (issue 11, held-out case)', () => {
    it("warns the workflow's authors in the workflow list", async () => {
      const listed = await eventually(async () => {
        const res = await request(server).get(`${API}/workflows`).expect(200);
        const found = res.body.items.find((w: any) => w.name === 'held-out');
        return found?.warnings.length ? found : undefined;
      });
      expect(listed.warnings).toEqual([
        expect.objectContaining({
          reason: 'UserNumbersFailToRender',
          expression: EXPRESSION,
        }),
      ]);
      const others = await request(server).get(`${API}/workflows`).expect(200);
      expect(
        others.body.items
          .filter((w: any) => w.name !== 'held-out')
          .flatMap((w: any) => w.warnings),
      ).toEqual([]);
    });

    it('sends the form left at its defaults as nothing, so OpenChoreo defaults count as an int: 301', async () => {
      const detail = await request(server)
        .get(`${API}/workflows/default/held-out`)
        .expect(200);
      expect(detail.body.defaults).toEqual({ count: 3 });
      expect(detail.body.warnings).toEqual([
        expect.objectContaining({
          reason: 'UserNumbersFailToRender',
          expression: EXPRESSION,
          message: expect.stringContaining(CANNOT_RENDER),
        }),
      ]);

      const preview = await request(server)
        .post(`${API}/workflows/default/held-out/preview`)
        .send({ parameters: detail.body.defaults })
        .expect(200);
      expect(preview.body.renderError).toBeUndefined();
      expect(preview.body.parameters).toEqual({ count: 3 });
      expect(preview.body.runParameters).toEqual({});
      expect(preview.body.objects[0].spec.arguments.parameters).toEqual([
        { name: 'n', value: '301' },
      ]);

      const res = await launch({
        workflow: heldOut,
        parameters: detail.body.defaults,
      }).expect(201);
      const stored = lcp.store.get(runType(), 'default', res.body.name) as any;
      expect(stored.spec.workflow).toEqual({
        kind: 'Workflow',
        name: 'held-out',
        parameters: {},
      });
      const started = await eventually(async () => {
        const r = await request(server).get(
          `${API}/runs/default/${res.body.name}`,
        );
        return r.body.runReference ? r.body : undefined;
      });
      expect(started.diagnosis).toBeUndefined();
    });

    it('refuses a launch with a typed number (a double in OpenChoreo) with its message and expression, creating nothing', async () => {
      const before = runsInCluster();
      const preview = await request(server)
        .post(`${API}/workflows/default/held-out/preview`)
        .send({ parameters: { count: 5 } })
        .expect(200);
      expect(preview.body.objects).toEqual([]);
      expect(preview.body.renderError).toEqual({
        message: CANNOT_RENDER,
        expression: EXPRESSION,
        location: 'runTemplate.spec.arguments.parameters[0].value',
      });
      const res = await launch({
        workflow: heldOut,
        parameters: { count: 5 },
      }).expect(422);
      expect(res.body.fieldErrors).toEqual([
        { path: '', message: expect.stringContaining(CANNOT_RENDER) },
      ]);
      expect(res.body.renderError).toEqual(preview.body.renderError);
      expect(runsInCluster()).toEqual(before);
    });

    it('explains a run created directly (kubectl-like) with count: 3, which stays Pending', async () => {
      const created = await fetch(
        `${lcp.url}/apis/openchoreo.dev/v1alpha1/namespaces/default/workflowruns`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            apiVersion: 'openchoreo.dev/v1alpha1',
            kind: 'WorkflowRun',
            metadata: { name: 'held-out-by-hand', namespace: 'default' },
            spec: {
              workflow: {
                kind: 'Workflow',
                name: 'held-out',
                parameters: { count: 3 },
              },
            },
          }),
        },
      );
      expect(created.status).toBe(201);
      const diagnosis = {
        reason: 'RenderFailed',
        message: CANNOT_RENDER,
        expression: EXPRESSION,
        location: 'runTemplate.spec.arguments.parameters[0].value',
      };
      const run = await eventually(async () => {
        const r = await request(server).get(
          `${API}/runs/default/held-out-by-hand`,
        );
        return r.body.diagnosis ? r.body : undefined;
      });
      expect(run).toMatchObject({ phase: 'Pending', diagnosis });
      expect(run.runReference).toBeUndefined();
      const list = await request(server)
        .get(`${API}/runs?workflow=held-out`)
        .expect(200);
      expect(
        list.body.items.find((r: any) => r.name === 'held-out-by-hand'),
      ).toMatchObject({ diagnosis });
      // The local control plane fails as OpenChoreo does, and says so in an event.
      const events = await eventually(async () => {
        const found = lcp.store
          .all(lcp.store.registry.get('', 'events'))
          .filter(
            (e: any) =>
              e.involvedObject?.name === 'held-out-by-hand' &&
              e.reason === 'RenderFailed',
          );
        return found.length ? found : undefined;
      });
      expect((events[0] as any).type).toBe('Warning');
      expect((events[0] as any).message).toContain('no such overload');
    });
  });

  describe('idempotency keys (issue 12)', () => {
    it.each([
      ['over 128 characters', 'k'.repeat(129)],
      ['256 characters', 'k'.repeat(256)],
      ['with a NUL byte', 'key\u0000nul'],
      ['with a newline', 'key\nline'],
      ['empty', ''],
    ])(
      'refuses a key %s with a 400 on idempotencyKey, creating nothing',
      async (_what, key) => {
        const before = runsInCluster();
        const res = await launch({
          workflow: heldOut,
          parameters: {},
          idempotencyKey: key,
        }).expect(400);
        expect(res.body.fieldErrors).toEqual([
          { path: 'idempotencyKey', message: expect.any(String) },
        ]);
        expect(runsInCluster()).toEqual(before);
      },
    );

    it('takes a key of 128 characters', async () => {
      const body = {
        workflow: heldOut,
        parameters: {},
        idempotencyKey: 'k'.repeat(128),
      };
      const first = await launch(body).expect(201);
      const again = await launch(body).expect(200);
      expect(again.body.uid).toBe(first.body.uid);
    });

    it("never returns another workflow's run for a name that is taken: 409 on name", async () => {
      const first = await launch({
        name: 'taken-name',
        workflow: { kind: 'ClusterWorkflow', name: 'cloud-database-provision' },
        parameters: { database: { name: 'orders-db' }, network: { vpc: 'v' } },
      }).expect(201);
      const res = await launch({
        name: 'taken-name',
        workflow: heldOut,
        parameters: {},
        idempotencyKey: 'a-new-key',
      }).expect(409);
      expect(res.body.fieldErrors).toEqual([
        {
          path: 'name',
          message:
            "a WorkflowRun named 'taken-name' already exists in namespace 'default'",
        },
      ]);
      expect(JSON.stringify(res.body)).not.toContain('orders-db');
      expect(res.body.uid).toBeUndefined();
      // Without a key, the same answer.
      const plain = await launch({
        name: 'taken-name',
        workflow: heldOut,
        parameters: {},
      }).expect(409);
      expect(plain.body.fieldErrors[0].path).toBe('name');
      expect(
        (lcp.store.get(runType(), 'default', 'taken-name') as any).metadata.uid,
      ).toBe(first.body.uid);
    });

    it('gives a retry its own run back only when key, launcher and workflow match', async () => {
      const body = {
        name: 'retried-name',
        workflow: heldOut,
        parameters: {},
        idempotencyKey: 'retry-key',
      };
      const first = await launch(body).expect(201);
      const again = await launch(body).expect(200);
      expect(again.body.uid).toBe(first.body.uid);

      const otherUser = await launch(body, 'user:default/mallory').expect(409);
      expect(otherUser.body.fieldErrors[0].path).toBe('name');
      expect(otherUser.body.uid).toBeUndefined();

      const otherWorkflow = await launch({
        workflow: { kind: 'ClusterWorkflow', name: 'cloud-database-provision' },
        parameters: { database: { name: 'other-db' }, network: { vpc: 'v' } },
        idempotencyKey: 'retry-key',
      }).expect(409);
      expect(otherWorkflow.body.fieldErrors).toEqual([
        {
          path: 'idempotencyKey',
          message: expect.stringContaining('was used for another launch'),
        },
      ]);

      // The same ClusterWorkflow into another namespace is another launch too.
      const cloud = {
        workflow: { kind: 'ClusterWorkflow', name: 'cloud-database-provision' },
        parameters: { database: { name: 'ns-db' }, network: { vpc: 'v' } },
        idempotencyKey: 'namespace-key',
      };
      await launch(cloud).expect(201);
      const elsewhere = await launch({ ...cloud, namespace: 'team-b' }).expect(
        409,
      );
      expect(elsewhere.body.fieldErrors[0].path).toBe('idempotencyKey');
    });
  });
});
