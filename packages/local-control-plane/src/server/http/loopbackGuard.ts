import { IncomingMessage } from 'http';
import { forbiddenRequest } from '../errors';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The server listens on 127.0.0.1 for kubectl and the backend only. A web page
 * can still reach it: through DNS rebinding (its own name resolving to
 * 127.0.0.1, so the Host header is that name) or a cross-site form or `fetch`
 * (which carries an Origin header). kubectl and client-node send neither, so a
 * Host that is not a loopback name with our port, or any Origin, is refused.
 */
export function checkLoopbackRequest(req: IncomingMessage, port: number): void {
  const host = req.headers.host;
  const allowed = LOOPBACK_HOSTS.map(h => `${h}:${port}`);
  if (!host || !allowed.includes(host.toLowerCase())) {
    throw forbiddenRequest(
      `the Host header ${JSON.stringify(
        host ?? '',
      )} is not one of ${allowed.join(
        ', ',
      )}: this server answers only local clients`,
    );
  }
  if (req.headers.origin !== undefined) {
    throw forbiddenRequest(
      'requests from a web page (with an Origin header) are not accepted: this server answers only local clients such as kubectl',
    );
  }
}
