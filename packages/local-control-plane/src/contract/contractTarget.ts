/* eslint-disable @backstage/no-undeclared-imports --
 * Test-only module (see kubeContract.ts): it uses the test dependencies. */
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { RawKube } from './kubeClient';

/**
 * A Kubernetes API the contract runs against (the local control plane or the full
 * kube-apiserver), and the clients a case uses on it.
 */
export interface ContractTarget {
  kubeconfig: string;
  /** Creates a namespace (or finds it there). */
  ensureNamespace(name: string): Promise<void>;
  /** A target whose resourceVersions expire after a few writes, for 410 Gone; release() undoes it. */
  expiring(): Promise<{ target: ContractTarget; release(): Promise<void> }>;
  /**
   * What runs beside the API: the local control plane acts as the kubelet
   * (pod logs, a deleted pod ends at once) and the namespace controller (a
   * deleted namespace goes with its contents at once); beside the bare
   * kube-apiserver nothing does.
   */
  controllers: 'simulated' | 'none';
  /** Writes lines to a container's log, where the target keeps pod logs itself. */
  writePodLog?(
    namespace: string,
    pod: string,
    container: string,
    lines: string[],
  ): void;
}

export interface ContractContext {
  target: ContractTarget;
  raw: RawKube;
  custom: CustomObjectsApi;
  /** A namespace of its own for one case (created where needed). */
  namespace(name: string): Promise<string>;
}

export function contractContext(target: ContractTarget): ContractContext {
  const kc = new KubeConfig();
  kc.loadFromString(target.kubeconfig);
  return {
    target,
    raw: new RawKube(kc),
    custom: kc.makeApiClient(CustomObjectsApi),
    namespace: async name => {
      await target.ensureNamespace(name);
      return name;
    },
  };
}
