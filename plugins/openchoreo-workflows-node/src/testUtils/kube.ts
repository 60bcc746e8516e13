import { KubeConfig } from '@kubernetes/client-node';
import {
  findOpenChoreoFixturesDir,
  startTestApiServer,
  TestApiServer,
  TestApiServerOptions,
} from '@openchoreo-workflows/test-apiserver';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { OPENCHOREO_GROUP, OPENCHOREO_VERSION } from '../cluster/discovery';
import { KubeClient } from '../cluster/KubeClient';

/** Parsed documents of a file in shared/openchoreo/fixtures. @public */
export function loadFixture(name: string): any[] {
  // eslint-disable-next-line no-restricted-syntax -- tests run from source
  const dir = findOpenChoreoFixturesDir(__dirname);
  return parseAllDocuments(fs.readFileSync(path.join(dir, name), 'utf8'))
    .map(d => d.toJS())
    .filter(Boolean);
}

/** The OpenChoreo CRDs of the current generation (Workflow, ClusterWorkflow, WorkflowRun). @public */
export const openChoreoCrds = () => [
  ...loadFixture('crd-workflows.yaml'),
  ...loadFixture('crd-clusterworkflows.yaml'),
  ...loadFixture('crd-workflowruns.yaml'),
];

/** Starts the real apiserver (apiextensions-apiserver + etcd) with the OpenChoreo CRDs. @public */
export function startOpenChoreoApiServer(
  options: Omit<TestApiServerOptions, 'crds'> = {},
): Promise<TestApiServer> {
  return startTestApiServer({ ...options, crds: openChoreoCrds() });
}

/** A client-node KubeConfig from kubeconfig YAML. @public */
export function kubeConfigOf(yaml: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return kc;
}

/** Tiny typed-enough helpers over our own KubeClient (raw JSON, so no key is dropped). @public */
export class TestKube {
  readonly client: KubeClient;
  constructor(kubeConfig: KubeConfig) {
    this.client = new KubeClient(kubeConfig);
  }

  path(plural: string, namespace?: string, name?: string) {
    const ns = namespace ? `/namespaces/${namespace}` : '';
    return `/apis/${OPENCHOREO_GROUP}/${OPENCHOREO_VERSION}${ns}/${plural}${
      name ? `/${name}` : ''
    }`;
  }

  /** The local control plane checks namespaces exist; the test apiserver has none. */
  createNamespace(name: string) {
    return this.client.create(
      '/api/v1/namespaces',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      'create namespace',
    );
  }

  create(plural: string, obj: any) {
    return this.client.create(
      this.path(plural, obj.metadata.namespace),
      obj,
      'create',
    );
  }

  get(plural: string, namespace: string | undefined, name: string) {
    return this.client.get(this.path(plural, namespace, name), 'get');
  }

  /** Read-modify-write with the resourceVersion (a 409 on a concurrent change). */
  async update(
    plural: string,
    namespace: string | undefined,
    name: string,
    change: (o: any) => void,
  ) {
    const obj = await this.get(plural, namespace, name);
    change(obj);
    return this.client.request(
      'PUT',
      this.path(plural, namespace, name),
      'update',
      obj,
    );
  }

  delete(plural: string, namespace: string | undefined, name: string) {
    return this.client.delete(this.path(plural, namespace, name), 'delete');
  }
}

/** A WorkflowRun object of a Workflow `wf` (or `extra.workflow`), for arranging tests. @public */
export function run(
  namespace: string,
  name: string,
  extra: { labels?: Record<string, string>; workflow?: string } = {},
) {
  return {
    apiVersion: `${OPENCHOREO_GROUP}/${OPENCHOREO_VERSION}`,
    kind: 'WorkflowRun',
    metadata: { name, namespace, labels: extra.labels ?? {} },
    spec: {
      workflow: {
        kind: 'Workflow',
        name: extra.workflow ?? 'wf',
        parameters: { n: name },
      },
    },
  };
}

/** Polls `fn` until it returns a value other than undefined or false; fails after `timeoutMs`. @public */
export async function eventually<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

/** @public */
export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
