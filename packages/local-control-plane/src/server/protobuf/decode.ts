import { FieldSpec, MessageSpec, UNKNOWN } from './messages';
import { ProtobufError, WIRE_BYTES, WIRE_VARINT, WireReader } from './wire';

/** `k8s\0`: the prefix of Kubernetes' protobuf encoding (then a runtime.Unknown). */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const utf8 = new TextDecoder('utf-8');

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === '' ||
  v === 0 ||
  (Array.isArray(v) && v.length === 0) ||
  (!!v && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length);

function readScalar(r: WireReader, f: FieldSpec, wireType: number): unknown {
  const expected =
    f.type === 'int64' || f.type === 'int32' || f.type === 'bool'
      ? WIRE_VARINT
      : WIRE_BYTES;
  if (wireType !== expected)
    throw new ProtobufError(`${f.json} has wire type ${wireType}`);
  switch (f.type) {
    case 'int64':
      return Number(BigInt.asIntN(64, r.varint()));
    case 'int32':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'bool':
      return r.varint() !== 0n;
    case 'string':
      return utf8.decode(r.bytes());
    case 'bytes':
      return r.bytes();
    case 'map<string,string>': {
      const entry = decodeFields(
        {
          1: { json: 'key', type: 'string' },
          2: { json: 'value', type: 'string' },
        },
        r.bytes(),
        false,
      );
      return [String(entry.key ?? ''), String(entry.value ?? '')];
    }
    default:
      return decodeMessage(f.type, r.bytes());
  }
}

function decodeFields(
  fields: MessageSpec['fields'],
  data: Uint8Array,
  omitEmpty: boolean,
): Record<string, any> {
  const out: Record<string, any> = {};
  const r = new WireReader(data);
  while (!r.done) {
    const { field, wireType } = r.tag();
    const f = fields[field];
    if (!f) {
      r.skip(wireType);
      continue;
    }
    const value = readScalar(r, f, wireType);
    if (f.type === 'map<string,string>') {
      const [k, v] = value as [string, string];
      out[f.json] = { ...(out[f.json] ?? {}), [k]: v };
    } else if (f.repeated) {
      out[f.json] = [...(out[f.json] ?? []), value];
    } else out[f.json] = value;
  }
  if (!omitEmpty) return out;
  // As Go's JSON encoding of these types does (omitempty); nested objects stay.
  for (const [k, v] of Object.entries(out)) {
    const spec = Object.values(fields).find(f => f.json === k)!;
    const isObject = typeof spec.type === 'object' && !spec.repeated;
    if (v === undefined || (!isObject && isEmpty(v))) delete out[k];
  }
  return out;
}

/** One message as the JSON Kubernetes would write for it. */
export function decodeMessage(spec: MessageSpec, data: Uint8Array): unknown {
  if (spec.time) {
    if (!data.length) return undefined; // the zero time: null in JSON
    const { seconds } = decodeFields(spec.fields, data, false);
    return new Date(Number(seconds ?? 0) * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }
  if (spec.rawJson) {
    const { Raw } = decodeFields(spec.fields, data, false);
    try {
      return JSON.parse(utf8.decode(Raw ?? new Uint8Array()));
    } catch {
      throw new ProtobufError('FieldsV1 is not JSON');
    }
  }
  return decodeFields(spec.fields, data, true);
}

/**
 * A body in `application/vnd.kubernetes.protobuf`: the `k8s\0` prefix, a runtime.Unknown
 * envelope naming the apiVersion and kind, and the object's message, decoded with `spec`.
 * Throws a ProtobufError when it is not one, or not of `kind`.
 */
export function decodeKubernetesProtobuf(
  body: Buffer,
  kind: string,
  spec: MessageSpec,
): Record<string, unknown> {
  if (body.length < MAGIC.length || !body.subarray(0, 4).equals(MAGIC))
    throw new ProtobufError('the body does not start with the k8s\\0 prefix');
  const envelope = decodeFields(UNKNOWN.fields, body.subarray(4), false);
  if (envelope.contentEncoding)
    throw new ProtobufError(
      `content encoding ${envelope.contentEncoding} is not supported`,
    );
  const typeMeta = (envelope.typeMeta ?? {}) as Record<string, string>;
  if (typeMeta.kind !== kind)
    throw new ProtobufError(`the body is a ${typeMeta.kind}, not a ${kind}`);
  const object = decodeMessage(spec, envelope.raw ?? new Uint8Array());
  return {
    apiVersion: typeMeta.apiVersion,
    kind,
    ...(object as Record<string, unknown>),
  };
}
