/** `1d12h30m15s` → milliseconds (the pattern the CRD allows). */
export function parseTtl(ttl: string): number | undefined {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(ttl);
  if (!m || !ttl) return undefined;
  const [d, h, mi, s] = m.slice(1).map(x => Number(x ?? 0));
  return (((d * 24 + h) * 60 + mi) * 60 + s) * 1000;
}

/** Now, as Kubernetes writes timestamps (whole seconds). */
export const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
