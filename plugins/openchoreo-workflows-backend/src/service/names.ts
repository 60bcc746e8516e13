import { createHash, randomBytes } from 'node:crypto';

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Why `name` is not a DNS-1123 label (what a run's name and a namespace's
 * must be), or undefined when it is.
 */
export function dns1123LabelProblem(name: string): string | undefined {
  if (name.length > 63)
    return `must be at most 63 characters (has ${name.length})`;
  if (!DNS1123.test(name)) {
    return 'must consist of lower case alphanumeric characters or "-", and start and end with an alphanumeric character (DNS-1123 label)';
  }
  return undefined;
}

/** `<workflow>-<suffix>`, DNS-1123 and at most 63 chars (run names become pod label values). */
export function generateRunName(workflowName: string, suffix?: string): string {
  const tail = suffix ?? randomBytes(8).toString('hex').slice(0, 8);
  const base = workflowName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63 - tail.length - 1)
    .replace(/-+$/, '');
  return base ? `${base}-${tail}` : `run-${tail}`;
}

/** A stable suffix for an idempotency key, so retries collide on the name. */
export function idempotentSuffix(user: string, key: string): string {
  return createHash('sha256')
    .update(`${user}\n${key}`)
    .digest('hex')
    .slice(0, 10);
}
