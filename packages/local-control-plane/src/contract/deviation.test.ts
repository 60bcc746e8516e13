import { startLocalControlPlane } from '../localControlPlane';
import { contractCases, contractContext, ContractTarget } from './kubeContract';

const STALE_CASE = 'update with a stale resourceVersion is 409 Conflict';

describe('the Kubernetes API contract catches deviations', () => {
  it('fails the stale resourceVersion case on a control plane that accepts stale writes', async () => {
    const broken = await startLocalControlPlane({
      port: 0,
      unsafeSkipResourceVersionCheck: true,
    });
    try {
      const target: ContractTarget = {
        kubeconfig: broken.kubeconfig,
        ensureNamespace: async name => {
          broken.store.create(broken.store.registry.get('', 'namespaces'), {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name },
          });
        },
        expiring: () => Promise.reject(new Error('not used')),
        controllers: 'simulated',
      };
      await expect(
        contractCases[STALE_CASE](contractContext(target)),
      ).rejects.toThrow(/Expected: 409\s+Received: 200|"status": 200/);
    } finally {
      await broken.stop();
    }
  });
});
