import {
  startTestApiServer,
  TestApiServer,
} from '@openchoreo-workflows/test-apiserver';
import {
  LocalControlPlane,
  startLocalControlPlane,
} from '../localControlPlane';
import { loadCrds } from '../server/kinds/customResources';
import { RawKube } from './kubeClient';
import { coreCases } from './coreContract';
import { requestBodyCases } from './requestBodyContract';
import { contractCases, contractContext, ContractTarget } from './kubeContract';
import { KubeConfig } from '@kubernetes/client-node';

// The first start may build the Go binary; later starts take a second or two.
const START_TIMEOUT_MS = 20 * 60_000;
jest.setTimeout(60_000);

/**
 * The CRDs in this package's crds/, as the real apiserver serves them. The one addition is
 * the v1.x CRD's schema default for WorkflowRun spec.workflow.kind, which the local control
 * plane applies in admission to v1.x runs only (its one CRD also hosts kind-less v0.x runs).
 */
function crdsForRealApiServer(): object[] {
  return loadCrds().map(crd => {
    const copy = JSON.parse(JSON.stringify(crd));
    if (copy.metadata.name === 'workflowruns.openchoreo.dev') {
      const kind =
        copy.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties
          .workflow.properties.kind;
      kind.default = 'ClusterWorkflow';
    }
    return copy;
  });
}

function kubeConfigOf(yaml: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return kc;
}

function localTarget(plane: LocalControlPlane): ContractTarget {
  const kc = kubeConfigOf(plane.kubeconfig);
  const raw = new RawKube(kc);
  const target: ContractTarget = {
    kubeconfig: plane.kubeconfig,
    async ensureNamespace(name) {
      const res = await raw.request('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
      if (res.status !== 201 && res.status !== 409)
        throw new Error(`namespace ${name}: ${res.status}`);
    },
    controllers: 'simulated',
    writePodLog(namespace, pod, container, lines) {
      for (const line of lines)
        plane.logs.append(namespace, pod, container, line);
    },
    async expiring() {
      plane.store.setWatchHistorySize(1);
      return {
        target,
        release: async () => plane.store.setWatchHistorySize(1000),
      };
    },
  };
  return target;
}

function realTarget(
  server: TestApiServer,
  expiring?: () => Promise<TestApiServer>,
): ContractTarget {
  return {
    kubeconfig: server.kubeconfig,
    async ensureNamespace(name) {
      const res = await new RawKube(kubeConfigOf(server.kubeconfig)).request(
        'POST',
        '/api/v1/namespaces',
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      );
      if (res.status !== 201 && res.status !== 409)
        throw new Error(`namespace ${name}: ${res.status}`);
    },
    controllers: 'none',
    async expiring() {
      const compacting = await expiring!();
      return { target: realTarget(compacting), release: compacting.stop };
    },
  };
}

describe.each(['local control plane', 'real kube-apiserver'] as const)(
  'Kubernetes API contract: %s',
  kind => {
    let target: ContractTarget;
    const stops: Array<() => Promise<void>> = [];

    beforeAll(async () => {
      if (kind === 'local control plane') {
        const plane = await startLocalControlPlane({
          port: 0,
          bookmarkIntervalMs: 60_000,
        });
        stops.push(plane.stop);
        target = localTarget(plane);
      } else {
        const crds = crdsForRealApiServer();
        const server = await startTestApiServer({ crds });
        stops.push(server.stop);
        // A second server whose etcd compacts every second (no watch cache), started on demand.
        target = realTarget(server, () =>
          startTestApiServer({
            crds,
            extraArgs: ['--etcd-compaction-interval=1s', '--watch-cache=false'],
          }),
        );
      }
    }, START_TIMEOUT_MS);

    afterAll(async () => {
      for (const stop of stops) await stop();
    });

    // Each case asserts inside its own function (shared with deviation.test.ts).
    const cases = { ...contractCases, ...requestBodyCases, ...coreCases };
    // eslint-disable-next-line jest/expect-expect
    it.each(Object.keys(cases))('%s', name =>
      cases[name](contractContext(target)),
    );
  },
);
