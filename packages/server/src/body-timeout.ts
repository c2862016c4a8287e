import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, errorBody } from './errors';

/**
 * The longest a request may take to arrive in all (Node's requestTimeout, which Fastify turns off by default). It
 * bounds a client that trickles a byte now and then; the idle timeout below is what stops a stalled one. An hour:
 * the largest upload (256 MiB by default) still arrives whole over a link as slow as about 75 KB/s.
 */
export const REQUEST_TIMEOUT_MS = 60 * 60 * 1000;

/** How long a request body may stall, no byte arriving, before it is answered 408 (ServerOptions.bodyIdleTimeoutMs). */
export const DEFAULT_BODY_IDLE_TIMEOUT_MS = 30_000;

/**
 * Answers 408 and closes the connection when a request body stops arriving for `idleMs`. A POST sending a
 * Content-Length and then only part of its body held its connection (and its parser's buffer) with no end: Node's
 * requestTimeout was off, and a total time would have to be long enough for the largest upload. An idle timeout
 * cuts only a stalled body: a slow but steady upload of any size restarts it with every chunk it sends.
 *
 * It is the socket's inactivity timeout, set while a body is being received and cleared when it has been (a request
 * without a body clears it too, so a live event stream on a reused connection is never cut for being quiet), unless
 * the response has already been sent: Node's keep-alive timeout is then the socket's, and stays. Node
 * emits the timeout on the request only while it is incomplete; answered there, Node does not destroy the socket.
 */
export function limitBodyIdleTime(app: FastifyInstance, idleMs: number): void {
  app.addHook('onRequest', async (request, reply) => {
    const raw = request.raw;
    if (!hasBody(request) || raw.complete) {
      raw.socket?.setTimeout(0);
      return;
    }
    raw.setTimeout(idleMs, () => {
      if (raw.complete) return;
      // Already answered (a 401 before the body was read): nothing more can be said on this connection.
      if (reply.raw.headersSent) {
        raw.socket.destroy();
        return;
      }
      request.log.info({ idleMs }, 'request body stalled: answered 408');
      const seconds = Math.round(idleMs / 100) / 10;
      const error = new ApiError(
        408,
        'invalid_request',
        `No byte of the request body arrived for ${seconds} s: the connection is closed. Send the whole body again, without pausing that long.`,
      );
      const body = JSON.stringify(errorBody(error));
      const socket = raw.socket;
      if (socket.writable && !raw.socket.destroyed) {
        socket.end(
          `HTTP/1.1 408 Request Timeout\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroySoon();
    });
    // Not once the response is out: a request answered before its body was read (a 401, 403 or 429 from a hook) has
    // the rest of its body discarded by Node, and its 'end' comes after Node armed the keep-alive timeout on the
    // socket; clearing that would let the client hold an idle connection forever.
    raw.once('end', () => {
      if (!reply.raw.writableEnded) raw.socket?.setTimeout(0);
    });
  });
}

/** Whether a body follows the request's headers (Fastify's own test: a Transfer-Encoding, or a Content-Length above 0). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
