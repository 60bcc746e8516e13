import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createLongDataPipelineRun,
  openUntil,
  signIn,
  SLOW,
  step,
  unique,
} from './helpers';

/**
 * A step's Events tab: the Kubernetes Events of its pod, and once the pod is
 * gone (as after Argo's pod GC) the sentence that says so instead of an empty
 * table or a spinner.
 */

const KUBECONFIG = resolve(__dirname, '../../../.local/kubeconfig');
const TASK = 'extract-orders';

/** Deletes the pod of one step of a run with kubectl, as Argo's pod GC would. */
function deleteStepPod(run: string, task: string) {
  const kubectl = (...args: string[]) =>
    execFileSync('kubectl', ['--kubeconfig', KUBECONFIG, ...args], {
      encoding: 'utf8',
    });
  const pods = JSON.parse(
    kubectl(
      'get',
      'pods',
      '--all-namespaces',
      '-l',
      `workflows.argoproj.io/workflow=${run}`,
      '-o',
      'json',
    ),
  ).items as Array<{
    metadata: {
      name: string;
      namespace: string;
      annotations?: Record<string, string>;
    };
  }>;
  const pod = pods.find(p =>
    (
      p.metadata.annotations?.['workflows.argoproj.io/node-name'] ?? ''
    ).endsWith(`.${task}`),
  );
  expect(pod, `the pod of step ${task} of ${run}`).toBeDefined();
  kubectl(
    'delete',
    'pod',
    '-n',
    pod!.metadata.namespace,
    pod!.metadata.name,
    '--wait=false',
  );
}

function eventsTab(page: Page) {
  return page
    .getByRole('tablist', { name: `Step ${TASK}` })
    .getByRole('tab', { name: /^Events/ });
}

test.describe('OpenChoreo workflow run page: step events', () => {
  test("the Events tab lists the pod's events, then says the step has no pod once it is gone", async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await signIn(page);
    // Steps of 20 s: the run is still going (not archived) while the test
    // looks at its first, finished step.
    const run = unique('events');
    await openUntil(
      page,
      createLongDataPipelineRun(run, 20),
      page.getByRole('heading', { level: 2, name: run }),
    );
    await expect(step(page, TASK)).toContainText('Succeeded', SLOW);
    await step(page, TASK).click();

    // The logs show first; the Events tab holds the pod's events.
    await expect(eventsTab(page)).toBeVisible();
    await eventsTab(page).click();
    const table = page.getByRole('table', { name: `Events of ${TASK}` });
    await expect(table).toBeVisible(SLOW);
    for (const reason of ['Scheduled', 'Started']) {
      await expect(
        table.getByRole('row').filter({ hasText: reason }),
      ).not.toHaveCount(0);
    }

    deleteStepPod(run, TASK);

    // A finished step's events are read once per visit (and kept 5 s by the
    // backend): visit another step and come back until the new answer shows.
    const noPod = page.getByRole('alert').filter({
      hasText: `step ${TASK} has no pod: its events are not available (its pod was garbage-collected)`,
    });
    await expect(async () => {
      await step(page, 'extract-customers').click();
      await step(page, TASK).click();
      await eventsTab(page).click();
      await expect(noPod).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await expect(table).toBeHidden();
  });
});
