/*
 * The router as the OpenAPI document makes it: requests are validated against
 * src/schema/openapi.yaml before any route runs (no cluster is configured
 * here: a route that ran would answer 404), refusals name the field, and the
 * document is served to signed-in callers.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { openchoreoWorkflowsPlugin } from '../plugin';
import { spec } from '../schema/openapi';

const API = '/api/openchoreo-workflows';

describe('createRouter: the OpenAPI document', () => {
  let server: any;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        openchoreoWorkflowsPlugin,
        mockServices.rootConfig.factory({
          data: { openchoreoWorkflows: { notifications: { enabled: false } } },
        }),
      ],
    });
    server = backend.server;
  });

  it('is what the router was generated from (else: yarn backstage-repo-tools package schema openapi generate --server)', () => {
    const yaml = fs.readFileSync(
      path.join(__dirname, '../schema/openapi.yaml'),
      'utf8',
    );
    expect(spec).toEqual(parse(yaml));
  });

  it('is served at /openapi.json to signed-in callers, its paths under the mount point', async () => {
    const res = await request(server).get(`${API}/openapi.json`).expect(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        `${API}/runs`,
        `${API}/runs/{namespace}/{name}/logs/stream`,
        `${API}/stream`,
      ]),
    );
    await request(server)
      .get(`${API}/openapi.json`)
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
  });

  it('refuses a query parameter outside its enum with a 400 naming it', async () => {
    const res = await request(server)
      .get(`${API}/workflows?kind=Pod`)
      .expect(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: 'kind: must be Workflow or ClusterWorkflow',
    });
    expect(res.body.fieldErrors).toEqual([
      { path: 'kind', message: 'must be Workflow or ClusterWorkflow' },
    ]);
  });

  it('refuses numbers out of range, dates that are not dates, and unknown parameters', async () => {
    const limit = await request(server).get(`${API}/runs?limit=0`).expect(400);
    expect(limit.body.fieldErrors).toEqual([
      { path: 'limit', message: 'must be >= 1' },
    ]);
    const since = await request(server)
      .get(`${API}/runs?since=yesterday`)
      .expect(400);
    expect(since.body.fieldErrors[0].path).toBe('since');
    const unknown = await request(server)
      .get(`${API}/workflows?colour=red`)
      .expect(400);
    expect(unknown.body.fieldErrors).toEqual([
      { path: 'colour', message: 'is not a parameter of this call' },
    ]);
  });

  it('names the body field of a launch the document refuses', async () => {
    const noKind = await request(server)
      .post(`${API}/runs`)
      .send({ namespace: 'default', workflow: { name: 'w' } })
      .expect(400);
    expect(noKind.body.fieldErrors).toEqual([
      { path: 'workflow.kind', message: 'must be Workflow or ClusterWorkflow' },
    ]);
    const badKind = await request(server)
      .post(`${API}/runs`)
      .send({ namespace: 'default', workflow: { kind: 'Pod', name: 'w' } })
      .expect(400);
    expect(badKind.body.fieldErrors).toEqual([
      { path: 'workflow.kind', message: 'must be Workflow or ClusterWorkflow' },
    ]);
    const noNamespace = await request(server)
      .post(`${API}/runs`)
      .send({ workflow: { kind: 'Workflow', name: 'w' } })
      .expect(400);
    expect(noNamespace.body.fieldErrors).toEqual([
      { path: 'namespace', message: 'is required' },
    ]);
    const badName = await request(server)
      .post(`${API}/runs`)
      .send({
        namespace: 'default',
        name: 'Not_A_Name',
        workflow: { kind: 'Workflow', name: 'w' },
      })
      .expect(400);
    expect(badName.body.fieldErrors).toEqual([
      {
        path: 'name',
        message: expect.stringMatching(/^must be a DNS-1123 label \(lower/),
      },
    ]);
    const rerun = await request(server)
      .post(`${API}/runs/default/r/rerun`)
      .send({ parameters: [] })
      .expect(400);
    expect(rerun.body.fieldErrors).toEqual([
      { path: 'parameters', message: 'must be object' },
    ]);
  });

  it('refuses a namespace that is not a DNS-1123 label with a 400 naming it, in bodies and paths', async () => {
    const label = {
      message: expect.stringMatching(/^must be a DNS-1123 label \(lower/),
    };
    const workflow = { kind: 'Workflow', name: 'w' };
    for (const namespace of ['Not_A_Namespace', 'n'.repeat(64), '-a', '']) {
      const launch = await request(server)
        .post(`${API}/runs`)
        .send({ namespace, workflow })
        .expect(400);
      expect(launch.body.fieldErrors).toEqual([
        {
          path: 'namespace',
          ...(namespace.length > 63
            ? { message: 'must NOT have more than 63 characters' }
            : label),
        },
      ]);
    }
    const ofWorkflow = await request(server)
      .post(`${API}/runs`)
      .send({
        namespace: 'default',
        workflow: { ...workflow, namespace: 'Bad.Namespace' },
      })
      .expect(400);
    expect(ofWorkflow.body.fieldErrors).toEqual([
      { path: 'workflow.namespace', ...label },
    ]);
    const preview = await request(server)
      .post(`${API}/clusterworkflows/w/preview`)
      .send({ namespace: 'Bad_Namespace' })
      .expect(400);
    expect(preview.body.fieldErrors).toEqual([{ path: 'namespace', ...label }]);
    for (const url of [
      '/runs/Bad_Namespace/r',
      '/runs/Bad_Namespace/r/rerun',
      '/workflows/Bad_Namespace/w',
    ]) {
      const res = await request(server)
        [url.endsWith('rerun') ? 'post' : 'get'](`${API}${url}`)
        .send(url.endsWith('rerun') ? {} : undefined)
        .expect(400);
      expect(res.body.fieldErrors[0].path).toBe('namespace');
    }
  });

  it('answers a JSON body over 1 MB with a 413, before the document is consulted', async () => {
    const res = await request(server)
      .post(`${API}/runs`)
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          namespace: 'default',
          workflow: { kind: 'Workflow', name: 'w' },
          parameters: { big: 'x'.repeat(1024 * 1024) },
        }),
      )
      .expect(413);
    expect(res.body.error.name).toBe('PayloadTooLargeError');
  });

  it('runs the route once the request is valid (here: no cluster, 404)', async () => {
    // Reserved characters in query values as clients send them (`:` of dates
    // and entity refs); an empty value is an absent one (here: the default cluster).
    const at = '2026-11-30T14:00:00.123Z';
    const res = await request(server)
      .get(
        `${API}/runs?limit=5&since=${at}&launchedBy=user:default/jane&cluster=`,
      )
      .expect(404);
    expect(res.body.error.message).toBe('no OpenChoreo cluster is configured');
  });
});
