import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { workflowConditions, workflowRules } from './rules';
import { LaunchByOwnersPolicy } from './__testUtils__/examplePolicies';
import { ownershipOf } from './__testUtils__/permissionFramework';
import { startBackendUnderPolicy } from './__testUtils__/teamSetup';
import { ALICE, BOB } from './__testUtils__/users';
import { API } from '../__testUtils__/backend';

jest.setTimeout(60_000);

const PIPELINE = 'nightly-data-pipeline';
const DOCKER = 'generic-workflow-docker-build';

// Who is in which group (user info adds the user itself to ownershipEntityRefs).
const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/data-team'],
  [BOB]: ['group:default/web-team'],
};

/** The location the catalog module gives the entities it emits for the cluster `local`. */
const providerLocation = (name: string) =>
  `openchoreo-workflows:local/Workflow/default/${name}`;

/** A Resource entity mirroring the Workflow `name`, owned by `owner`, from `location`. */
const workflowEntity = (
  name: string,
  owner: string,
  location?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    namespace: 'default',
    name: `default_${name}`,
    annotations: {
      'openchoreo.dev/workflow': `Workflow/default/${name}`,
      ...(location
        ? {
            'backstage.io/managed-by-location': location,
            'backstage.io/managed-by-origin-location': location,
          }
        : {}),
    },
  },
  spec: { type: 'openchoreo-workflow', owner, lifecycle: 'production' },
});

/** The catalog entity the catalog module makes of the pipeline, owned by data-team. */
const pipelineEntity = workflowEntity(
  PIPELINE,
  'data-team',
  providerLocation(PIPELINE),
);

/**
 * Bob registered a catalog-info.yaml claiming the docker build workflow for his team: the
 * catalog sets the location annotations of such an entity to the file's own URL, whatever it says.
 */
const forgedEntity = workflowEntity(
  DOCKER,
  'web-team',
  'url:https://git.example/bob/catalog-info.yaml',
);

describe('IS_ENTITY_OWNER through the permission framework', () => {
  let local: TestLocalControlPlane;
  let server: any;
  const policy = new LaunchByOwnersPolicy();

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ stepSeconds: 0.05 });
    // Backstage's permission plugin evaluates the policy and hands the
    // plugin the conditional decision; the plugin applies it with its real rules.
    const backend = await startBackendUnderPolicy(
      [local.clusterConfig],
      policy,
      GROUPS,
      [
        catalogServiceMock.factory({
          entities: [pipelineEntity, forgedEntity],
        }),
      ],
    );
    server = backend.server;
  });

  afterAll(() => local?.stop());

  const launch = (user: string, workflow = PIPELINE) =>
    request(server)
      .post(`${API}/runs`)
      .set('Authorization', mockCredentials.user.header(user))
      .send({
        namespace: 'default',
        workflow: { kind: 'Workflow', name: workflow },
        parameters: {},
      });

  it('lets a member of the owning group launch', async () => {
    const res = await launch(ALICE);
    expect(res.status).toBe(201);
    expect(res.body.launchedBy).toBe(ALICE);
  });

  it('refuses another user', async () => {
    const res = await launch(BOB);
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('takes no owner from an entity the provider did not emit', async () => {
    // Refused by the policy before the parameters are looked at.
    const res = await launch(BOB, DOCKER);
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('evaluates the condition in the permission integration endpoint, with the owner from the catalog', async () => {
    const conditions = (claims: string[]) =>
      workflowConditions.isEntityOwner({ claims });
    const res = await request(server)
      .post(`${API}/.well-known/backstage/permissions/apply-conditions`)
      .set('Authorization', mockCredentials.service.header())
      .send({
        items: [
          {
            id: 'owner',
            resourceRef: `local:Workflow:default/${PIPELINE}`,
            resourceType: 'openchoreo-workflow',
            conditions: conditions(ownershipOf(GROUPS, ALICE)),
          },
          {
            id: 'other',
            resourceRef: `local:Workflow:default/${PIPELINE}`,
            resourceType: 'openchoreo-workflow',
            conditions: conditions(ownershipOf(GROUPS, BOB)),
          },
          // Only a user-registered entity: the owner is the default, platform-team.
          {
            id: 'forged',
            resourceRef: `local:Workflow:default/${DOCKER}`,
            resourceType: 'openchoreo-workflow',
            conditions: conditions(ownershipOf(GROUPS, BOB)),
          },
          {
            id: 'forged-default',
            resourceRef: `local:Workflow:default/${DOCKER}`,
            resourceType: 'openchoreo-workflow',
            conditions: conditions(['group:default/platform-team']),
          },
          // Not in the catalog: the owner is the default, platform-team.
          {
            id: 'default',
            resourceRef: 'local:ClusterWorkflow:/cloud-database-provision',
            resourceType: 'openchoreo-workflow',
            conditions: conditions(['group:default/platform-team']),
          },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { id: 'owner', result: AuthorizeResult.ALLOW },
      { id: 'other', result: AuthorizeResult.DENY },
      { id: 'forged', result: AuthorizeResult.DENY },
      { id: 'forged-default', result: AuthorizeResult.ALLOW },
      { id: 'default', result: AuthorizeResult.ALLOW },
    ]);
  });

  it('has rule apply/toQuery that compare entity refs case-insensitively', () => {
    const w = {
      cluster: 'c',
      kind: 'Workflow' as const,
      namespace: 'default',
      name: 'x',
      labels: {},
      owner: 'group:default/data-team',
    };
    const rule = workflowRules.isEntityOwner;
    expect(rule.apply(w, { claims: ['group:default/Data-Team'] })).toBe(true);
    expect(rule.apply(w, { claims: ['user:default/bob'] })).toBe(false);
    expect(
      rule.apply(
        { ...w, owner: undefined },
        { claims: ['group:default/data-team'] },
      ),
    ).toBe(false);
    expect(
      (rule.toQuery({ claims: ['group:default/data-team'] }) as any)(w),
    ).toBe(true);
  });
});
