import { IncomingMessage } from 'http';
import { parse as parseYaml } from 'yaml';
import {
  badRequest,
  requestEntityTooLarge,
  unsupportedMediaType,
} from '../errors';
import { decodeKubernetesProtobuf } from '../protobuf/decode';
import { MessageSpec } from '../protobuf/messages';
import { ProtobufError } from '../protobuf/wire';

/** The kube-apiserver's default `MaxRequestBodyBytes` (3 MiB); larger bodies are 413. */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

const JSON_TYPE = 'application/json';
const YAML_TYPE = 'application/yaml';
const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

/** Like Go's http server, what follows a refused body is read and dropped up to this, then the connection closes. */
const DISCARD_BYTES = 256 * 1024;

/** The body's bytes, refused with 413 past the limit (as the apiserver's limitedReadBody). */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    function onData(chunk: Buffer) {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      if (!refused) {
        refused = true;
        chunks.length = 0;
        reject(requestEntityTooLarge(limit));
      }
      if (size > limit + DISCARD_BYTES) {
        cleanup();
        req.destroy();
      }
    }
    function onEnd() {
      cleanup();
      resolve(Buffer.concat(chunks));
    }
    function onError(e: Error) {
      cleanup();
      reject(e);
    }
    function onClose() {
      cleanup();
      reject(new Error('the client closed the request before its body ended'));
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** The request's media type; none is JSON, as the apiserver assumes. */
function mediaTypeOf(req: IncomingMessage): string {
  const header = req.headers['content-type'] ?? '';
  return header.split(';')[0].trim().toLowerCase() || JSON_TYPE;
}

function parseText(text: string, yaml: boolean): unknown {
  if (!text.trim()) return undefined;
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the request body could not be decoded: ${(e as Error).message}`,
    );
  }
}

/**
 * An object body (create, update, delete options): JSON, YAML, or Kubernetes protobuf where a
 * decoder for the expected kind is given; other media types are 415, as on the apiserver.
 * Undefined when the body is empty.
 */
export async function readObjectBody(
  req: IncomingMessage,
  protobuf?: { kind: string; spec: MessageSpec },
): Promise<unknown> {
  const mediaType = mediaTypeOf(req);
  const accepted = [JSON_TYPE, YAML_TYPE, ...(protobuf ? [PROTOBUF_TYPE] : [])];
  if (!accepted.includes(mediaType)) {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
        ', ',
      )}`,
    );
  }
  const body = await readLimited(req, MAX_REQUEST_BODY_BYTES);
  if (mediaType !== PROTOBUF_TYPE)
    return parseText(body.toString('utf8'), mediaType === YAML_TYPE);
  if (!body.length) return undefined;
  try {
    return decodeKubernetesProtobuf(body, protobuf!.kind, protobuf!.spec);
  } catch (e) {
    if (!(e instanceof ProtobufError)) throw e;
    throw badRequest(`the request body could not be decoded: ${e.message}`);
  }
}

/** A patch body (its media type was checked as a patch type): JSON, or YAML for apply. */
export async function readPatchBody(req: IncomingMessage): Promise<unknown> {
  const body = await readLimited(req, MAX_REQUEST_BODY_BYTES);
  return parseText(body.toString('utf8'), mediaTypeOf(req).includes('yaml'));
}
