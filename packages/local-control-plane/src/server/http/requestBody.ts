import { IncomingMessage } from 'http';
import { parse as parseYaml } from 'yaml';
import { badRequest } from '../errors';

/** A request body: JSON, or YAML when the content type says so; undefined when empty. */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  const ct = req.headers['content-type'] ?? '';
  try {
    return ct.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the request body could not be decoded: ${(e as Error).message}`,
    );
  }
}
