import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorBody } from '../errors';
import { authenticationOn, type AccessOptions } from './access-control';

const LOOPBACK_NAME = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|\[::ffff:127\.\d+\.\d+\.\d+\])$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host name of a Host header value ("127.0.0.1:3100" → "127.0.0.1", "[::1]:3100" → "[::1]"). */
function hostName(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
}

/**
 * Refuses what a web page the user happens to open could otherwise make their browser do to this server:
 * - a request that changes something, or a WebSocket upgrade, whose Origin is another site (cross-site request
 *   forgery: a bodyless `fetch(…/runs/latest/cancel, { method: 'POST', mode: 'no-cors' })` needs no preflight; a
 *   cross-site WebSocket would receive every live event). Scripts and curl send no Origin and are not affected; the
 *   dashboard is served from this server, so its Origin is the server's own.
 * - without authentication (loopback only), a Host that is not a loopback name: a DNS-rebinding page's requests
 *   carry its own name, and would otherwise read, change and delete every run.
 * @internal
 */
export function sameOriginGuard(options: AccessOptions) {
  const checkHost = !authenticationOn(options);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const host = request.headers.host ?? '';
    if (checkHost && !LOOPBACK_NAME.test(hostName(host))) {
      const error = new ApiError(
        403,
        'forbidden',
        `Host ${JSON.stringify(host)} refused: without authentication this server answers only loopback names ` +
          '(localhost, 127.0.0.1, [::1]). Turn authentication on (llm-eval serve --auth) to serve it under another name.',
      );
      return reply.status(403).send(errorBody(error));
    }
    const origin = request.headers.origin;
    const upgrade = String(request.headers.upgrade ?? '').toLowerCase() === 'websocket';
    if (origin === undefined || (SAFE_METHODS.has(request.method) && !upgrade)) return;
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    // Behind a reverse proxy the Host may be the upstream's (127.0.0.1:3100) while the page's Origin is the public
    // name: the proxy's X-Forwarded-Host names it. A cross-site page cannot set that header without a CORS preflight,
    // which this server never grants.
    const forwarded = String(request.headers['x-forwarded-host'] ?? '').split(',')[0]!.trim();
    if (originHost !== null && [host, forwarded].some((h) => h !== '' && originHost!.toLowerCase() === h.toLowerCase())) return;
    const error = new ApiError(
      403,
      'forbidden',
      `Cross-origin request refused: Origin ${JSON.stringify(origin.slice(0, 200))} is not this server (${host}). ` +
        'Requests that change something, and live-event WebSockets, are taken from this server\'s own dashboard or ' +
        'from clients that send no Origin (scripts, curl).',
    );
    return reply.status(403).send(errorBody(error));
  };
}
