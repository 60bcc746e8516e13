import { badRequest } from './errors';
import { KubeObject } from './types';

type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

/** Parses a label selector: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`. */
export function parseLabelSelector(
  selector: string | undefined,
): Requirement[] {
  const result: Requirement[] = [];
  if (!selector || !selector.trim()) return result;
  for (const raw of splitTopLevel(selector)) {
    const part = raw.trim();
    if (!part) continue;
    let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      result.push({
        key: m[1],
        op: m[2] as 'in' | 'notin',
        values: m[3]
          .split(',')
          .map(v => v.trim())
          .filter(v => v !== ''),
      });
      continue;
    }
    m = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(part);
    if (m) {
      result.push({
        key: m[1],
        op: m[2] === '!=' ? 'notin' : 'in',
        values: [m[3]],
      });
      continue;
    }
    m = /^!\s*([^\s!=]+)$/.exec(part);
    if (m) {
      result.push({ key: m[1], op: '!exists' });
      continue;
    }
    if (/^[^\s!=(),]+$/.test(part)) {
      result.push({ key: part, op: 'exists' });
      continue;
    }
    throw badRequest(
      `unable to parse requirement: found '${part}', expected a label selector`,
    );
  }
  return result;
}

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

export function matchesLabels(
  requirements: Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      default:
        return false;
    }
  });
}

interface FieldRequirement {
  path: string[];
  equal: boolean;
  value: string;
}

/** Field selectors: `metadata.name=x`, `metadata.namespace!=y`, and any other dotted path. */
export function parseFieldSelector(
  selector: string | undefined,
): FieldRequirement[] {
  if (!selector || !selector.trim()) return [];
  return selector.split(',').map(part => {
    const m = /^\s*([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid field selector: '${part}'`);
    return { path: m[1].split('.'), equal: m[2] !== '!=', value: m[3] };
  });
}

export function matchesFields(
  requirements: FieldRequirement[],
  obj: KubeObject,
): boolean {
  return requirements.every(r => {
    let v: unknown = obj;
    for (const p of r.path)
      v = v && typeof v === 'object' ? (v as any)[p] : undefined;
    const s = v === undefined || v === null ? '' : String(v);
    return r.equal ? s === r.value : s !== r.value;
  });
}

export interface ObjectFilter {
  labels: Requirement[];
  fields: FieldRequirement[];
}

export function makeFilter(
  labelSelector?: string,
  fieldSelector?: string,
): ObjectFilter {
  return {
    labels: parseLabelSelector(labelSelector),
    fields: parseFieldSelector(fieldSelector),
  };
}

export const matchesFilter = (f: ObjectFilter, obj: KubeObject) =>
  matchesLabels(f.labels, obj.metadata.labels) && matchesFields(f.fields, obj);
