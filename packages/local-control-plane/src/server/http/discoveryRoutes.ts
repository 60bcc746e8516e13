import { IncomingMessage, ServerResponse } from 'http';
import { pathNotFound } from '../errors';
import { ResourceRegistry } from '../kinds/registry';
import {
  apiGroupList,
  apiGroupOf,
  apiResourceList,
  apiVersions,
  VERSION_INFO,
} from './discovery';
import { openApiV3GroupVersion, openApiV3Root } from './openapi';
import { sendJson, sendText } from './responses';

/** What a discovery document answers: the document, or a 404 when nothing is served there. */
function documentAt(
  registry: ResourceRegistry,
  pathname: string,
  host: string,
): { found: boolean; body?: unknown } {
  if (pathname === '/openapi/v3')
    return { found: true, body: openApiV3Root(registry) };
  if (pathname === '/api') return { found: true, body: apiVersions(host) };
  if (pathname === '/apis')
    return { found: true, body: apiGroupList(registry) };
  const segments = pathname.split('/').filter(Boolean);
  const [first, second] = segments;
  if (first === 'openapi' && second === 'v3') {
    const [group, version] =
      segments[2] === 'api' ? ['', segments[3]] : [segments[3], segments[4]];
    return {
      found: true,
      body: openApiV3GroupVersion(registry, group ?? '', version ?? ''),
    };
  }
  if (first === 'api' && segments.length === 2)
    return { found: true, body: apiResourceList(registry, '', second) };
  if (first === 'apis' && segments.length === 2)
    return { found: true, body: apiGroupOf(registry, second) };
  if (first === 'apis' && segments.length === 3)
    return {
      found: true,
      body: apiResourceList(registry, second, segments[2]),
    };
  return { found: false };
}

/**
 * Health, version, API discovery and OpenAPI v3: answers and returns true when the path is one
 * of them (404 Status when the group or version is not served), false for resource paths.
 */
export function serveDiscovery(
  registry: ResourceRegistry,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): boolean {
  if (['/healthz', '/readyz', '/livez'].includes(pathname)) {
    sendText(res, 'ok');
    return true;
  }
  if (pathname === '/version') {
    sendJson(res, 200, VERSION_INFO);
    return true;
  }
  const host = `${req.socket.localAddress}:${req.socket.localPort}`;
  const doc = documentAt(registry, pathname, host);
  if (!doc.found) return false;
  if (doc.body) sendJson(res, 200, doc.body);
  else sendJson(res, 404, pathNotFound(pathname).status);
  return true;
}
