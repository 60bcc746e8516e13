/*
 * The SQL condition of a conditional read decision on schedules, on a real
 * database (SQLite, and PostgreSQL when configured): namespace and kind rules
 * on the stored reference, label rules by the cached workflows they match,
 * and a schedule whose workflow is gone judged by kind, namespace and name;
 * empty anyOf / allOf groups read false / true; 70,000 values bind as one
 * parameter.
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { OPENCHOREO_WORKFLOW_RESOURCE_TYPE } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { eventually } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { workflowConditions } from '../permissions/rules';
import {
  addPipelineCopy,
  testPermissionsRegistry,
} from './__testUtils__/scheduleInstances';
import { scheduleSuite } from './__testUtils__/scheduleSuite';
import { ScheduleStore } from './ScheduleStore';
import {
  scheduleReadCondition,
  whereOneOf,
  WORKFLOW_KEY,
} from './scheduleVisibility';

jest.setTimeout(120_000);

const c = workflowConditions;
type Criteria = PermissionCriteria<PermissionCondition>;

/** Schedules by the workflow they launch: kind, namespace, name. */
const SCHEDULES: Record<string, [string, string | null, string]> = {
  plain: ['Workflow', 'default', 'nightly-data-pipeline'],
  gold: ['Workflow', 'default', 'gold-pipeline'],
  gone: ['Workflow', 'team-x', 'deleted-pipeline'],
  cluster: ['ClusterWorkflow', null, 'database-migration'],
};

const CASES: Array<[string, Criteria, string[]]> = [
  [
    'in namespace default',
    c.isInNamespace({ namespaces: ['default'] }),
    ['gold', 'plain'],
  ],
  [
    'in the empty namespace',
    c.isInNamespace({ namespaces: [''] }),
    ['cluster'],
  ],
  ['in no namespace', c.isInNamespace({ namespaces: [] }), []],
  ['a ClusterWorkflow', c.isClusterWorkflow(), ['cluster']],
  ['labelled gold', c.hasLabel({ label: 'tier', value: 'gold' }), ['gold']],
  [
    'not labelled',
    { not: c.hasLabel({ label: 'tier' }) },
    ['cluster', 'gone', 'plain'],
  ],
  [
    'in default and not labelled, or a ClusterWorkflow',
    {
      anyOf: [
        {
          allOf: [
            c.isInNamespace({ namespaces: ['default'] }),
            { not: c.hasLabel({ label: 'tier' }) },
          ],
        },
        c.isClusterWorkflow(),
      ],
    },
    ['cluster', 'plain'],
  ],
  // Empty groups (the types forbid them, a policy's JSON need not): anyOf
  // of nothing is false, allOf of nothing true, whatever negates them.
  ['any of nothing', { anyOf: [] } as unknown as Criteria, []],
  [
    'all of nothing',
    { allOf: [] } as unknown as Criteria,
    ['cluster', 'gold', 'gone', 'plain'],
  ],
  ['not all of nothing', { not: { allOf: [] } } as unknown as Criteria, []],
  [
    'not any of nothing',
    { not: { anyOf: [] } } as unknown as Criteria,
    ['cluster', 'gold', 'gone', 'plain'],
  ],
  [
    'launching (never in a read)',
    c.launchesIntoNamespace({ namespaces: ['default'] }),
    [],
  ],
];

describe('scheduleReadCondition', () => {
  const { local, databases, instance } = scheduleSuite();

  // After the suite's own beforeAll, which starts the control plane.
  beforeAll(() => {
    addPipelineCopy(local(), 'gold-pipeline', { tier: 'gold' });
  });

  it.each(databases.ids)('answers each decision in SQL (%p)', async id => {
    const knex = await databases.init(id);
    // The registry the instance registered its resource types and rules in.
    const registry = testPermissionsRegistry();
    const services = await instance(knex, { permissionsRegistry: registry });
    const cluster = services.clusters.get('local');
    await eventually(
      () =>
        cluster.getWorkflow('Workflow', 'default', 'gold-pipeline') ||
        undefined,
      30_000,
      'the labelled workflow in the cache',
    );
    await knex('ocw_schedules').insert(
      Object.entries(SCHEDULES).map(([key, [kind, namespace, name]]) => ({
        id: key,
        cluster: 'local',
        workflow_kind: kind,
        workflow_namespace: namespace,
        workflow_name: name,
        namespace: namespace ?? 'default',
        parameters: '{}',
        cron: '0 3 * * *',
        timezone: 'UTC',
        owner: 'user:default/alice',
        next_run_at: null,
        created_at: '2026-11-30T00:00:00.000Z',
        updated_at: '2026-11-30T00:00:00.000Z',
      })),
    );
    const store = new ScheduleStore(knex);
    for (const [what, conditions, visible] of CASES) {
      const permissions = mockServices.permissions.mock({
        authorizeConditional: async () => [
          {
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'openchoreo-workflows',
            resourceType: OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
            conditions,
          },
        ],
      });
      const condition = await scheduleReadCondition(
        { permissions, permissionsRegistry: registry },
        { $$type: '@backstage/BackstageCredentials', principal: {} } as any,
        cluster,
      );
      const rows = await store.page('local', condition, 10);
      expect([what, rows.map(r => r.id).sort()]).toEqual([what, visible]);
    }

    // More values than either database binds (SQLite 32,766, PostgreSQL
    // 65,535 parameters) are one parameter: a namespace rule through the
    // decision, and the set of workflows a label or owner rule matches.
    const many = (prefix: string) =>
      Array.from({ length: 70_000 }, (_, i) => `${prefix}-${i}`);
    const namespaces = await scheduleReadCondition(
      {
        permissions: mockServices.permissions.mock({
          authorizeConditional: async () => [
            {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'openchoreo-workflows',
              resourceType: OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
              conditions: c.isInNamespace({
                namespaces: [...many('ns'), 'team-x'],
              }),
            },
          ],
        }),
        permissionsRegistry: registry,
      },
      { $$type: '@backstage/BackstageCredentials', principal: {} } as any,
      cluster,
    );
    expect((await store.page('local', namespaces, 10)).map(r => r.id)).toEqual([
      'gone',
    ]);
    const workflows = whereOneOf(WORKFLOW_KEY, [
      ...many('Workflow/default/copy'),
      'Workflow/default/gold-pipeline',
      'ClusterWorkflow//database-migration',
    ]);
    expect(
      (await store.page('local', workflows, 10)).map(r => r.id).sort(),
    ).toEqual(['cluster', 'gold']);
  });

  it('ran on every database it had to', () => {
    expect(databases.missed()).toEqual([]);
  });
});
