/*
 * The API that schemathesis tests (scripts/schemathesis/run.sh): the
 * openchoreo-workflows backend plugin as the dev portal runs it (Backstage's
 * own auth backend with guest sign-in, the permission backend, a database),
 * on 127.0.0.1 with a free port, over the local control plane with the demo
 * workflows. Writes one JSON line to the file named by its argument (the
 * backend logs to stdout), then serves until stdin closes or SIGTERM:
 *   {"url": "http://127.0.0.1:<port>/api/openchoreo-workflows",
 *    "schema": "<the OpenAPI document with that server, as JSON>",
 *    "token": "<a Backstage user token from guest sign-in>"}
 *
 *   node scripts/schemathesis/run.js <info file>
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  demoManifestsDir,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { openchoreoWorkflowsPlugin } from '../../plugins/openchoreo-workflows-backend/src/plugin';

const API = '/api/openchoreo-workflows';
const OPENAPI = path.resolve(
  __dirname,
  '../../plugins/openchoreo-workflows-backend/src/schema/openapi.yaml',
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function guestToken(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const body = (await res.json()) as { backstageIdentity?: { token?: string } };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error(`guest sign-in: ${res.status}`);
  return token;
}

export async function main(infoFile: string) {
  if (!infoFile) throw new Error('usage: run.js <info file>');
  // Beside the info file, in the directory run.sh removes: Backstage's own
  // signal handling exits the process before the cleanup below would run.
  const tmp = fs.mkdtempSync(path.join(path.dirname(infoFile), 'server-'));
  const kubeconfigPath = path.join(tmp, 'kubeconfig');
  const plane = await startLocalControlPlane({
    kubeconfigOut: kubeconfigPath,
    manifests: [demoManifestsDir()],
    stepSeconds: 0.2,
  });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = new ConfigReader({
    app: { baseUrl: base },
    backend: {
      baseUrl: base,
      listen: { host: '127.0.0.1', port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    auth: {
      environment: 'development',
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    permission: { enabled: true },
    openchoreoWorkflows: {
      clusters: [{ name: 'local', authProvider: 'kubeconfig', kubeconfigPath }],
      notifications: { enabled: false },
    },
  });
  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => config,
    }),
  );
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
  backend.add(openchoreoWorkflowsPlugin);
  await backend.start();

  for (let i = 0; ; i++) {
    const res = await fetch(`${base}${API}/health`).catch(() => undefined);
    if (res?.ok && ((await res.json()) as { ready?: boolean }).ready) break;
    if (i > 600) throw new Error('the backend did not get ready in 60 s');
    await new Promise(r => setTimeout(r, 100));
  }

  const doc = parse(fs.readFileSync(OPENAPI, 'utf8'));
  doc.servers = [{ url: `${base}${API}` }];
  const schema = path.join(tmp, 'openapi.json');
  fs.writeFileSync(schema, JSON.stringify(doc));
  const info = JSON.stringify({
    url: `${base}${API}`,
    schema,
    token: await guestToken(base),
  });
  // Whole or not at all: the reader waits for the file to appear.
  fs.writeFileSync(`${infoFile}.part`, `${info}\n`, { mode: 0o600 });
  fs.renameSync(`${infoFile}.part`, infoFile);

  await new Promise<void>(resolve => {
    process.stdin.on('close', resolve);
    process.stdin.on('end', resolve);
    process.stdin.resume();
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await backend.stop();
  await plane.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
