/** Now, as Kubernetes writes timestamps (whole seconds). */
export const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
