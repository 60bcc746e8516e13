import {
  demoManifestsDir,
  LocalControlPlane,
  LocalControlPlaneOptions,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded local control plane started for a test, and how a backend
 * under test reaches it.
 *
 * @public
 */
export interface TestLocalControlPlane {
  /** The running control plane: its URL, object store and pod logs. */
  plane: LocalControlPlane;
  /** Its kubeconfig, in a temporary directory of the test. */
  kubeconfigPath: string;
  /** An `openchoreoWorkflows.clusters` entry named `local` that reaches it. */
  clusterConfig: {
    name: string;
    authProvider: 'kubeconfig';
    kubeconfigPath: string;
  };
  /** Stops the control plane and removes the temporary directory. */
  stop(): Promise<void>;
}

/**
 * Starts the local control plane for a test, with the demo workflows unless
 * `manifests` says otherwise, its kubeconfig written to a temporary file.
 *
 * @public
 */
export async function startTestLocalControlPlane(
  options: Omit<LocalControlPlaneOptions, 'kubeconfigOut'> = {},
): Promise<TestLocalControlPlane> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-test-lcp-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  const plane = await startLocalControlPlane({
    manifests: [demoManifestsDir()],
    ...options,
    kubeconfigOut: kubeconfigPath,
  }).catch(e => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  return {
    plane,
    kubeconfigPath,
    clusterConfig: {
      name: 'local',
      authProvider: 'kubeconfig',
      kubeconfigPath,
    },
    stop: async () => {
      try {
        await plane.stop();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
