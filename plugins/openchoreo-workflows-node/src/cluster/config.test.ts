import { ConfigReader, JsonObject } from '@backstage/config';
import { readClusterConfigs } from './config';

const read = (observer: JsonObject) =>
  readClusterConfigs(
    new ConfigReader({
      openchoreoWorkflows: {
        clusters: [
          { name: 'a', url: 'https://a.example:6443' },
          { name: 'prod', url: 'https://b.example:6443', observer },
        ],
      },
    }),
  );

describe('openchoreoWorkflows.clusters[].observer', () => {
  it('is absent unless configured, and takes its defaults', () => {
    const [a, prod] = read({
      url: 'https://observer.example/',
      auth: { bearerToken: 't0ken' },
    });
    expect(a.observer).toBeUndefined();
    expect(prod.observer).toEqual({
      url: 'https://observer.example',
      resolveFromObservabilityPlane: false,
      auth: { type: 'bearerToken', token: 't0ken' },
      caData: undefined,
      caFile: undefined,
      skipTLSVerify: undefined,
      timeoutMs: 10_000,
      maxResponseBytes: 8 * 1024 * 1024,
      maxLinesPerStep: 20_000,
      ingestionDelayMs: 120_000,
    });
  });

  it('reads client credentials and the bounds', () => {
    const [, prod] = read({
      resolveFromObservabilityPlane: true,
      auth: {
        clientCredentials: {
          tokenUrl: 'https://idp.example/oauth2/token',
          clientId: 'portal',
          clientSecret: 's3cret',
          scopes: ['openid'],
        },
      },
      timeoutSeconds: 3,
      maxLinesPerStep: 500,
      ingestionDelaySeconds: 0,
    });
    expect(prod.observer).toMatchObject({
      url: undefined,
      resolveFromObservabilityPlane: true,
      auth: {
        type: 'clientCredentials',
        tokenUrl: 'https://idp.example/oauth2/token',
        clientId: 'portal',
        clientSecret: 's3cret',
        scopes: ['openid'],
      },
      timeoutMs: 3000,
      maxLinesPerStep: 500,
      ingestionDelayMs: 0,
    });
  });

  it.each([
    [
      {},
      'openchoreoWorkflows.clusters[1].observer needs exactly one of url or resolveFromObservabilityPlane: true',
    ],
    [
      { url: 'https://o', resolveFromObservabilityPlane: true },
      'openchoreoWorkflows.clusters[1].observer needs exactly one of url or resolveFromObservabilityPlane: true',
    ],
    [
      { url: 'file:///etc/passwd' },
      'openchoreoWorkflows.clusters[1].observer.url must be an http or https URL',
    ],
    [
      { url: 'https://o', auth: {} },
      'openchoreoWorkflows.clusters[1].observer.auth needs exactly one of bearerToken or clientCredentials',
    ],
    [
      { url: 'https://o', timeoutSeconds: 0 },
      'openchoreoWorkflows.clusters[1].observer.timeoutSeconds must be an integer from 1 to 120',
    ],
    [
      { url: 'https://o', maxLinesPerStep: 1e9 },
      'openchoreoWorkflows.clusters[1].observer.maxLinesPerStep must be an integer from 1 to 200000',
    ],
  ])('refuses %j naming the key', (observer, message) => {
    expect(() => read(observer)).toThrow(message);
  });
});
