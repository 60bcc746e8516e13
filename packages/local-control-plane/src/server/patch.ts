import { ApiError, badRequest, unsupportedMediaType } from './errors';

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

const decode = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw badRequest(`invalid JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map(decode);
}

function parentOf(doc: unknown, tokens: string[], op: string): [any, string] {
  let node: any = doc;
  for (const t of tokens.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(t)] : node?.[t];
    if (node === undefined || node === null || typeof node !== 'object') {
      throw badRequest(
        `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: /${tokens.join(
          '/',
        )}`,
      );
    }
  }
  return [node, tokens[tokens.length - 1]];
}

function getAt(doc: unknown, tokens: string[]): any {
  let n: any = doc;
  for (const t of tokens) n = Array.isArray(n) ? n[Number(t)] : n?.[t];
  return n;
}

/** Applies one operation to `holder.doc` (the root may be replaced). */
function applyOperation(holder: { doc: any }, raw: JsonPatchOp) {
  const tokens = parsePointer(raw.path);
  const remove = (toks: string[]) => {
    const [parent, key] = parentOf(holder.doc, toks, 'remove');
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else {
      if (!(key in parent)) {
        throw badRequest(
          `the server rejected our request due to an error in our request: remove operation does not apply: doc is missing key: ${raw.path}`,
        );
      }
      delete parent[key];
    }
  };
  const add = (toks: string[], value: unknown) => {
    if (toks.length === 0) {
      holder.doc = structuredClone(value);
      return;
    }
    const [parent, key] = parentOf(holder.doc, toks, 'add');
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : Number(key);
      parent.splice(index, 0, structuredClone(value));
    } else parent[key] = structuredClone(value);
  };
  switch (raw.op) {
    case 'add':
      add(tokens, raw.value);
      break;
    case 'remove':
      remove(tokens);
      break;
    case 'replace':
      if (getAt(holder.doc, tokens) === undefined && tokens.length) {
        throw badRequest(
          `the server rejected our request due to an error in our request: replace operation does not apply: doc is missing key: ${raw.path}`,
        );
      }
      if (tokens.length) {
        const [parent, key] = parentOf(holder.doc, tokens, 'replace');
        parent[Array.isArray(parent) ? Number(key) : key] = structuredClone(
          raw.value,
        );
      } else holder.doc = structuredClone(raw.value);
      break;
    case 'move': {
      const from = parsePointer(raw.from ?? '');
      const value = getAt(holder.doc, from);
      remove(from);
      add(tokens, value);
      break;
    }
    case 'copy':
      add(tokens, getAt(holder.doc, parsePointer(raw.from ?? '')));
      break;
    case 'test':
      if (
        JSON.stringify(getAt(holder.doc, tokens)) !== JSON.stringify(raw.value)
      ) {
        throw new ApiError({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `the server rejected our request due to an error in our request: testing value ${raw.path} failed`,
          reason: 'Invalid',
          code: 422,
        });
      }
      break;
    default:
      throw badRequest(`unexpected JSON patch operation: ${raw.op}`);
  }
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test). */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw badRequest('json patch must be an array of operations');
  const holder = { doc: structuredClone(doc) as any };
  for (const op of ops as JsonPatchOp[]) applyOperation(holder, op);
  return holder.doc;
}

/** @public */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string | undefined): PatchType {
  const ct = (contentType ?? '').split(';')[0].trim();
  switch (ct) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+json':
      return 'apply';
    default:
      throw unsupportedMediaType(
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
      );
  }
}

/** Strategic merge and server-side apply are treated as JSON merge patches. */
export function applyPatch(
  type: PatchType,
  doc: unknown,
  patch: unknown,
): unknown {
  if (type === 'json') return jsonPatch(doc, patch);
  return mergePatch(doc, patch);
}
