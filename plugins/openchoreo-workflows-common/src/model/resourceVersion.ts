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
 * The order of two resourceVersions: negative when `a` is older than `b`, 0
 * when the same, positive when newer; undefined when they do not compare.
 * Kubernetes calls resourceVersions opaque, so they are compared only when
 * both are decimal integers (see resourceVersionNumber); otherwise, or when
 * either is unknown, a guard lets the write win. The run archive's SQL guard
 * compares the same numbers.
 *
 * @public
 */
export function compareResourceVersions(
  a: string | undefined,
  b: string | undefined,
): number | undefined {
  const x = resourceVersionNumber(a);
  const y = resourceVersionNumber(b);
  if (x === undefined || y === undefined) return undefined;
  // Up to 18 digits without leading zeros: the longer is the larger, else the text orders.
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  if (x === y) return 0;
  return x < y ? -1 : 1;
}
