/**
 * An Argo Workflow as OpenChoreo's controller created it, or as our preview
 * shows it, without what only the API server or the executor adds: server
 * fields, the status and Argo's phase labels. The preview renders before the
 * run has a name and calls it `preview`: the run's name is replaced by that.
 */
export function comparable(obj: any, runName: string) {
  const {
    name: _name,
    uid: _uid,
    resourceVersion: _rv,
    creationTimestamp: _ts,
    generation: _generation,
    managedFields: _mf,
    ...metadata
  } = obj.metadata;
  const labels = Object.fromEntries(
    Object.entries(metadata.labels ?? {}).filter(
      ([k]) => !k.startsWith('workflows.argoproj.io/'),
    ),
  );
  const { status: _status, ...rest } = obj;
  const copy = { ...rest, metadata: { ...metadata, labels } };
  if (!Object.keys(labels).length) delete copy.metadata.labels;
  return JSON.parse(JSON.stringify(copy).split(runName).join('preview'));
}

/** `s` as a literal inside a regular expression. */
export const escapeRegExp = (s: string) =>
  s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The p-th percentile (0..100) of some numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
