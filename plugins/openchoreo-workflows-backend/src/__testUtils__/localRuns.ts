/* WorkflowRuns in a test's local control plane, and launching its demo container build. */
import {
  deriveRunStatus,
  RunPhase,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { TestLocalControlPlane } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { API } from './backend';

type Plane = TestLocalControlPlane['plane'];

/** The demo Workflow that builds a container image. */
export const DOCKER_BUILD = 'generic-workflow-docker-build';

/** The store's type of WorkflowRuns. */
export const workflowRunType = (plane: Plane) =>
  plane.store.registry.get('openchoreo.dev', 'workflowruns');

/** Every WorkflowRun in the plane, as `namespace/name`. */
export const runNamesIn = (plane: Plane): string[] =>
  plane.store
    .all(workflowRunType(plane))
    .map((r: any) => `${r.metadata.namespace}/${r.metadata.name}`);

/** The phase of run `name` of namespace `default` as stored (throws when there is none). */
export const storedPhase = (plane: Plane, name: string): RunPhase =>
  deriveRunStatus(
    plane.store.get(
      workflowRunType(plane),
      'default',
      name,
    ) as unknown as WorkflowRunResource,
  ).phase;

/** Launches the demo container build of the repository `url` in `default`; resolves to the run's name. */
export async function launchDockerBuild(
  server: any,
  url: string,
): Promise<string> {
  const res = await request(server)
    .post(`${API}/runs`)
    .send({
      namespace: 'default',
      workflow: { kind: 'Workflow', name: DOCKER_BUILD },
      parameters: { repository: { url, revision: {} }, docker: {} },
    })
    .expect(201);
  return res.body.name as string;
}
