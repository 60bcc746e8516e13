/** Annotation with the entity ref of the Backstage user who launched a run. */
export const ANNOTATION_LAUNCHED_BY =
  'openchoreo-workflows.backstage.io/launched-by';
/** Label with the same user, in label-value form, for kubectl selectors. */
export const LABEL_LAUNCHED_BY =
  'openchoreo-workflows.backstage.io/launched-by';
/** Label marking runs launched from Backstage. */
export const LABEL_LAUNCHED_FROM =
  'openchoreo-workflows.backstage.io/launched-from';
/** Annotation with the idempotency key of the launch request. */
export const ANNOTATION_IDEMPOTENCY_KEY =
  'openchoreo-workflows.backstage.io/idempotency-key';
/** Annotation naming the run this one re-runs. */
export const ANNOTATION_RERUN_OF = 'openchoreo-workflows.backstage.io/rerun-of';

/** Label and annotation with the id of the schedule that launched a run. */
export const LABEL_SCHEDULE = 'openchoreo-workflows.backstage.io/schedule';
export const ANNOTATION_SCHEDULE = 'openchoreo-workflows.backstage.io/schedule';

/** `user:default/jane.doe` -> `user.default.jane.doe` (a valid label value, at most 63 chars). */
export function toLabelValue(value: string): string {
  const v = value
    .replace(/[^A-Za-z0-9._-]/g, '.')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
  return v;
}
