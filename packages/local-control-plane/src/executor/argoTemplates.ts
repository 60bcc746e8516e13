/** Argo template helpers: node ids, `{{...}}` substitution, `when`, outputs. */
export type Json = Record<string, any>;
export type Phase =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Error'
  | 'Skipped'
  | 'Omitted';

export { isoNow } from '../time';

/** Argo's node id: `<workflow>-<fnv32a(node name)>`. */
export function nodeId(wfName: string, nodeName: string): string {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(nodeName)) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return nodeName === wfName ? wfName : `${wfName}-${h}`;
}

/** Thrown inside a workflow's execution once it was deleted. */
export class Aborted extends Error {}

export function templateType(
  template: Json,
): 'Steps' | 'DAG' | 'Suspend' | 'Pod' {
  if (template.steps) return 'Steps';
  if (template.dag) return 'DAG';
  if (template.suspend) return 'Suspend';
  return 'Pod';
}

/** The value of a declared output parameter. */
export function outputValue(
  p: Json,
  scope: Scope,
  fallback: () => string,
): string {
  if (p.value !== undefined) return substitute(String(p.value), scope);
  if (p.valueFrom?.default !== undefined && !p.valueFrom?.path)
    return substitute(String(p.valueFrom.default), scope);
  return fallback();
}

export interface Scope {
  workflow: Record<string, string>; // workflow.name, workflow.namespace, workflow.parameters.X ...
  values: Record<string, string>; // inputs.parameters.X, steps.S.outputs.parameters.P, item ...
}

/** Replaces Argo's `{{...}}` references it knows; unknown ones stay. */
export function substitute(text: string, scope: Scope): string {
  return text.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (all, key: string) => {
    if (key in scope.values) return scope.values[key];
    if (key in scope.workflow) return scope.workflow[key];
    return all;
  });
}

export const deepSubstitute = (v: unknown, scope: Scope): any => {
  if (typeof v === 'string') return substitute(v, scope);
  if (Array.isArray(v)) return v.map(x => deepSubstitute(x, scope));
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, deepSubstitute(x, scope)]),
    );
  }
  return v;
};

/** Argo `when`: supports `a == b`, `a != b`, `true`/`false`, joined by && / ||. */
export function evaluateWhen(expr: string): boolean {
  const atom = (s: string): boolean => {
    const t = s
      .trim()
      .replace(/^\(|\)$/g, '')
      .trim();
    const m = /^(.*?)\s*(==|!=)\s*(.*)$/.exec(t);
    const unquote = (x: string) => x.trim().replace(/^['"]|['"]$/g, '');
    if (m)
      return m[2] === '=='
        ? unquote(m[1]) === unquote(m[3])
        : unquote(m[1]) !== unquote(m[3]);
    return unquote(t) !== 'false' && unquote(t) !== '';
  };
  return expr.split('||').some(or => or.split('&&').every(atom));
}

/** A Steps or DAG template's declared outputs, from its children's. */
export function templateOutputs(
  template: Json,
  scope: Scope,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of template.outputs?.parameters ?? []) {
    const from = p.valueFrom?.parameter;
    if (from) out[p.name] = substitute(String(from), scope);
    else if (p.value !== undefined)
      out[p.name] = substitute(String(p.value), scope);
  }
  return out;
}
