import { networkReason, scrubKubeMessage } from './kubeErrors';

// Messages as Kubernetes API servers write them (RBAC authorizer, admission webhooks, proxies).
const RBAC =
  'workflowruns.openchoreo.dev is forbidden: User "system:serviceaccount:openchoreo-system:backstage" cannot create resource "workflowruns" in API group "openchoreo.dev" in the namespace "team-a"';
const WEBHOOK =
  'Internal error occurred: failed calling webhook "vworkflowrun.openchoreo.dev": failed to call webhook: Post "https://openchoreo-webhook.openchoreo-control-plane.svc:443/validate?timeout=10s": dial tcp 10.96.12.34:443: connect: connection refused';

describe('scrubKubeMessage', () => {
  it('keeps the resource and the reason of an RBAC refusal, not the service account', () => {
    const scrubbed = scrubKubeMessage(RBAC);
    expect(scrubbed).toBe(
      'workflowruns.openchoreo.dev is forbidden: User "<the portal\'s identity>" cannot create resource "workflowruns" in API group "openchoreo.dev" in the namespace "team-a"',
    );
  });

  it('drops URLs and addresses of a failed webhook call', () => {
    const scrubbed = scrubKubeMessage(WEBHOOK);
    expect(scrubbed).toBe(
      'Internal error occurred: failed calling webhook "vworkflowrun.openchoreo.dev": failed to call webhook: Post "<url>": dial tcp <address>: connect: connection refused',
    );
  });

  it('drops service accounts, bearer tokens, JWTs and IPv6 addresses anywhere', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const scrubbed = scrubKubeMessage(
      `token ${jwt} of system:serviceaccount:ns:sa (Authorization: Bearer abc.def) from [fd00::1]:6443`,
    );
    expect(scrubbed).toBe(
      'token <token> of <service account> (Authorization: Bearer <redacted>) from <address>',
    );
  });

  it('drops the given secrets: the API server host and the credentials', () => {
    expect(
      scrubKubeMessage(
        'proxy openchoreo-api.internal:6443 refused s3cr3t-token',
        ['openchoreo-api.internal:6443', 's3cr3t-token'],
      ),
    ).toBe('proxy <redacted> refused <redacted>');
  });

  it('bounds the length', () => {
    expect(scrubKubeMessage('x'.repeat(5000)).length).toBeLessThanOrEqual(501);
  });
});

describe('networkReason', () => {
  it('says what happened from the error code alone', () => {
    expect(networkReason({ code: 'ECONNREFUSED' })).toBe('connection refused');
    expect(
      networkReason({
        code: 'ENOTFOUND',
        message: 'getaddrinfo ENOTFOUND secret.host',
      }),
    ).toBe('its host name does not resolve');
    expect(networkReason({ code: 'CERT_HAS_EXPIRED' })).toBe(
      'TLS verification failed (CERT_HAS_EXPIRED)',
    );
    expect(networkReason(new Error('request to https://x failed'))).toBe(
      'network error',
    );
  });
});
