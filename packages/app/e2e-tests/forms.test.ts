import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import { openUntil, signIn } from './helpers';

/**
 * The launch form of the seed's cloud database workflow, whose schema has an
 * input of every kind (packages/local-control-plane/manifests/20-*): each is
 * named, described by its description and, after a failed launch, by its
 * errors; axe finds nothing serious before and after.
 */
const CLOUD_DATABASE = {
  title: 'Provision a cloud database',
  path: '/openchoreo-workflows/workflows/_cluster/cloud-database-provision',
};

test('launch form: every kind of input is named and described; axe clean', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await signIn(page);
  const heading = page.getByRole('heading', {
    level: 2,
    name: CLOUD_DATABASE.title,
  });
  await openUntil(page, CLOUD_DATABASE.path, heading);

  const database = page.getByRole('group', { name: 'Database' });
  const name = database.getByRole('textbox', { name: /^Name/ });
  const size = database.getByRole('radiogroup', { name: /^Size/ });
  const storage = database.getByRole('slider', { name: /^Storage Gb/ });
  const cidrs = page.getByRole('group', { name: 'Allowed Cidrs' });
  const tags = page.getByRole('group', { name: 'Tags' });
  const extensions = page.getByRole('group', { name: /^Extensions/ });
  const notes = page.getByRole('textbox', { name: /^Notes/ });
  const from = page.getByLabel(/^Maintenance From/);

  await expect(name).toHaveAccessibleDescription('Database instance name');
  await expect(size.getByRole('radio', { name: 'small' })).toBeChecked();
  await expect(
    size.getByRole('radio', { name: 'large' }),
  ).toHaveAccessibleDescription('Instance size');
  await expect(storage).toHaveAttribute('aria-valuenow', '20');
  await expect(storage).toHaveAccessibleDescription('Disk size in GiB');
  await expect(cidrs).toHaveAccessibleDescription(
    'CIDR blocks allowed to connect',
  );
  await expect(
    extensions.getByRole('checkbox', { name: 'postgis' }),
  ).toHaveAccessibleDescription('Extensions to install');
  await expect(notes).toHaveAccessibleDescription(
    'Why the database is needed, for the approvers',
  );
  await expect(from).toHaveAccessibleDescription(
    'First day a maintenance window may start',
  );
  await expect(tags).toHaveAccessibleDescription(
    'Cloud tags applied to every resource',
  );

  // An extra key: its key and value inputs, and a named Remove
  await tags.getByRole('button', { name: 'Add to Tags' }).click();
  await expect(tags.getByRole('textbox', { name: 'newKey Key' })).toBeVisible();
  await expect(
    tags.getByRole('button', { name: 'Remove newKey' }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, 'launch form');

  // A failed launch: each error is part of its input's description
  await name.fill('X');
  await cidrs.getByRole('textbox').first().fill('not-a-cidr');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(name).toHaveAccessibleDescription(
    /^Database instance name must match pattern/,
  );
  await expect(cidrs.getByRole('textbox').first()).toHaveAccessibleDescription(
    /must match pattern/,
  );
  await expect(
    cidrs.getByRole('button', { name: 'Remove Allowed Cidrs item 1' }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, 'launch form errors');
});
