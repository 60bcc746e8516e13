import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendPlugin,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import net from 'node:net';

jest.setTimeout(60_000);

/** A port nobody listens on right now (the dev portal may hold 7007). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** `0100007F` (little-endian IPv4) or the 32 hex digits of IPv6 -> text. */
function procAddress(hex: string): string {
  if (hex.length === 8) {
    return [6, 4, 2, 0].map(i => parseInt(hex.slice(i, i + 2), 16)).join('.');
  }
  const words = [];
  for (let w = 0; w < 32; w += 8) {
    const le = hex.slice(w, w + 8);
    const be = le.match(/../g)!.reverse().join('');
    words.push(be.slice(0, 4), be.slice(4, 8));
  }
  return words.map(x => parseInt(x, 16).toString(16)).join(':');
}

/** The local addresses of every TCP socket listening on `port`, from the kernel's tables. */
function listeningAddresses(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A = LISTEN
      const [address, hexPort] = local.split(':');
      if (parseInt(hexPort, 16) === port) out.push(procAddress(address));
    }
  }
  return out;
}

describe('the dev portal (app-config.yaml)', () => {
  it('starts a backend that listens on 127.0.0.1 only, and tells the frontend dev server to do the same', async () => {
    if (!fs.existsSync('/proc/net/tcp')) {
      throw new Error('this check reads /proc/net/tcp (Linux)');
    }
    const port = await freePort();
    // Only the port is overridden: the host comes from the repository's own config files.
    process.env.APP_CONFIG_backend_listen_port = String(port);
    let config: RootConfigService | undefined;
    const backend = createBackend();
    backend.add(
      createBackendPlugin({
        pluginId: 'listen-probe',
        register(env) {
          env.registerInit({
            deps: { rootConfig: coreServices.rootConfig },
            async init({ rootConfig }) {
              config = rootConfig;
            },
          });
        },
      }),
    );
    await backend.start();
    try {
      expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
      const health = await fetch(
        `http://127.0.0.1:${port}/.backstage/health/v1/liveness`,
      );
      expect(health.status).toBe(200);
      // `backstage-cli repo start` binds the app's dev server to app.listen.host,
      // falling back to app.baseUrl's hostname (cli-module-build resolveEndpoint).
      expect(config?.getOptionalString('app.listen.host')).toBe('127.0.0.1');
    } finally {
      await backend.stop();
      delete process.env.APP_CONFIG_backend_listen_port;
    }
  });
});
