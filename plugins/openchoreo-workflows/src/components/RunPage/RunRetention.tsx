import { Typography } from '@material-ui/core';
import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { isTerminal } from '../../api';
import { formatRelative, formatTime, parseTtl } from '../shared';

const KEPT =
  'its history (parameters, steps, outputs and the logs kept) stays here';

/**
 * When OpenChoreo deletes the run from the cluster, and that its history
 * stays in the portal. OpenChoreo deletes a finished run once
 * `completedAt + spec.ttlAfterCompletion` has passed; the run's TTL is copied
 * from its workflow before the run is rendered, so a run that started
 * without one, or finished before rendering, is never deleted by it.
 */
export function retentionText(run: RunDetail, now = Date.now()): string {
  if (run.archived) {
    return `This run is no longer in the cluster; ${KEPT}.`;
  }
  const ttl = run.ttlAfterCompletion;
  const ttlMs = parseTtl(ttl);
  if (ttlMs === undefined) {
    // Before rendering, the workflow's TTL may still be copied to the run.
    return isTerminal(run.phase) || run.runReference
      ? `OpenChoreo keeps this run in the cluster until someone deletes it (no ttlAfterCompletion); ${KEPT} also after that.`
      : '';
  }
  const completed = run.completedAt ? Date.parse(run.completedAt) : NaN;
  if (!isTerminal(run.phase) || Number.isNaN(completed)) {
    return `OpenChoreo deletes this run from the cluster ${ttl} after it finishes (ttlAfterCompletion); ${KEPT}.`;
  }
  const at = new Date(completed + ttlMs).toISOString();
  const when =
    completed + ttlMs > now
      ? `${formatRelative(at, now)} (${formatTime(at)})`
      : 'any moment now';
  return `OpenChoreo deletes this run from the cluster ${when}, ${ttl} after it finished (ttlAfterCompletion); ${KEPT}.`;
}

/** {@link retentionText} as a note on the run page. */
export const RunRetention = ({ run, now }: { run: RunDetail; now: number }) => {
  const text = retentionText(run, now);
  return text ? (
    // Default text colour: the secondary grey on the page's grey is 4.47:1 (axe).
    <Typography variant="body2" role="note">
      {text}
    </Typography>
  ) : null;
};
