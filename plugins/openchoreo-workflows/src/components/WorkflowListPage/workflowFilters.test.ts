import type { WorkflowSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { containerBuildSummary, githubStatsSummary } from '../../testUtils';
import { ANY } from '../shared/filters';
import {
  CLUSTER,
  filterWorkflows,
  NEVER,
  WorkflowFilterValues,
} from './workflowFilters';

const none: WorkflowFilterValues = {
  search: '',
  scope: ANY,
  type: ANY,
  generation: ANY,
  lastRun: ANY,
  cluster: '',
};

/** 1,000 workflows in 10 namespaces; every 7th is component CI, every 3rd never ran. */
const thousand: WorkflowSummary[] = Array.from({ length: 1000 }, (_, i) => ({
  ...containerBuildSummary,
  name: `wf-${i}`,
  namespace: `team-${i % 10}`,
  title: `Workflow ${i}`,
  description: i % 100 === 0 ? 'Ships the payments service' : 'Builds things',
  type: i % 7 === 0 ? 'component' : 'generic',
  lastRun: i % 3 === 0 ? undefined : containerBuildSummary.lastRun,
}));

const names = (list: WorkflowSummary[]) => list.map(w => w.name);

describe('filterWorkflows', () => {
  it('keeps everything without filters, in order', () => {
    expect(filterWorkflows(thousand, none)).toEqual(thousand);
  });

  it('keeps the workflows of the cluster picked, all without one', () => {
    const twoClusters = thousand.map((w, i) => ({
      ...w,
      cluster: i % 4 === 0 ? 'b' : 'a',
    }));
    const onB = filterWorkflows(twoClusters, { ...none, cluster: 'b' });
    expect(onB).toHaveLength(250);
    expect(onB.every(w => w.cluster === 'b')).toBe(true);
    expect(filterWorkflows(twoClusters, none)).toHaveLength(1000);
  });

  it('searches title, name, description and namespace, case-insensitively', () => {
    expect(
      filterWorkflows(thousand, { ...none, search: ' PAYMENTS ' }),
    ).toHaveLength(10);
    expect(
      names(filterWorkflows(thousand, { ...none, search: 'wf-99' })),
    ).toEqual([
      'wf-99',
      'wf-990',
      'wf-991',
      'wf-992',
      'wf-993',
      'wf-994',
      'wf-995',
      'wf-996',
      'wf-997',
      'wf-998',
      'wf-999',
    ]);
    expect(
      filterWorkflows(thousand, { ...none, search: 'team-3' }),
    ).toHaveLength(100);
  });

  it('combines scope, type, generation and last run', () => {
    const both = [containerBuildSummary, githubStatsSummary];
    expect(names(filterWorkflows(both, { ...none, scope: CLUSTER }))).toEqual([
      'github-stats-report',
    ]);
    expect(names(filterWorkflows(both, { ...none, scope: 'default' }))).toEqual(
      ['container-build'],
    );
    expect(names(filterWorkflows(both, { ...none, generation: 'v0' }))).toEqual(
      ['github-stats-report'],
    );
    expect(names(filterWorkflows(both, { ...none, lastRun: NEVER }))).toEqual([
      'github-stats-report',
    ]);
    expect(
      filterWorkflows(thousand, {
        ...none,
        scope: 'team-0',
        type: 'component',
        lastRun: 'Succeeded',
      }).every(
        (w, _, all) =>
          all.length > 0 &&
          w.namespace === 'team-0' &&
          w.type === 'component' &&
          w.lastRun?.phase === 'Succeeded',
      ),
    ).toBe(true);
  });

  it('searches the new text of a summary replaced by a live update', () => {
    const list = [...thousand];
    expect(filterWorkflows(list, { ...none, search: 'renamed' })).toEqual([]);
    list[5] = { ...list[5], title: 'Renamed workflow' };
    expect(
      names(filterWorkflows(list, { ...none, search: 'renamed' })),
    ).toEqual(['wf-5']);
  });
});
