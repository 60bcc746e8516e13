/**
 * `resourceVersion` as an integer when it is a decimal one (what the
 * kube-apiserver writes: etcd's revision, an int64), else undefined.
 *
 * @public
 */
export function resourceVersionNumber(
  rv: string | undefined,
): string | undefined {
  return rv && /^[1-9][0-9]{0,17}$/.test(rv) ? rv : undefined;
}

/**
 * Whether an object of resourceVersion `incoming` may replace one of
 * `current`: never by an older version. Kubernetes calls resourceVersions
 * opaque, so they are compared only when both are decimal integers (see
 * resourceVersionNumber); otherwise, or when either is unknown, the write wins.
 * The same rule guards the run archive's writes (in SQL, on the same numbers).
 *
 * @public
 */
export function replacesResourceVersion(
  current: string | undefined,
  incoming: string | undefined,
): boolean {
  const a = resourceVersionNumber(current);
  const b = resourceVersionNumber(incoming);
  return a === undefined || b === undefined || BigInt(a) <= BigInt(b);
}
