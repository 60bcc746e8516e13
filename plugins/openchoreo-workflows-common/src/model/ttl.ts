/**
 * A `ttlAfterCompletion` (the CRD's pattern `^(\d+d)?(\d+h)?(\d+m)?(\d+s)?$`,
 * e.g. `1d12h`) in ms, as OpenChoreo's `cmdutil.ParseDuration` reads it;
 * undefined when empty or not of that form.
 *
 * @public
 */
export function parseTtl(ttl: string | undefined): number | undefined {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(ttl ?? '');
  if (!m || !ttl) return undefined;
  const [d, h, min, s] = m.slice(1).map(x => Number(x ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}
