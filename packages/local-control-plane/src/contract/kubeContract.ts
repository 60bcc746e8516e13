/* Test-only module: its cases run inside tests (contract.test.ts, deviation.test.ts) and
 * the files it gathers use the test dependencies; nothing in the package's entry point
 * imports it. */
import { ContractContext } from './contractTarget';
import { objectWriteCases } from './objectWriteContract';
import { admissionCases } from './admissionContract';
import { listCases } from './listContract';
import { statusAndFinalizerCases } from './statusAndFinalizersContract';
import { watchCases } from './watchContract';

export type { ContractTarget, ContractContext } from './contractTarget';
export { contractContext } from './contractTarget';

/**
 * The Kubernetes API contract the backend relies on, written once and run against every
 * target (the local control plane and the full kube-apiserver, both serving the CRDs in this
 * package's crds/ and the core kinds). The real apiserver is the reference.
 * Each case is a plain function so a test can also run it against a broken target.
 */
export const contractCases: Record<
  string,
  (ctx: ContractContext) => Promise<void>
> = {
  ...objectWriteCases,
  ...admissionCases,
  ...listCases,
  ...statusAndFinalizerCases,
  ...watchCases,
};
