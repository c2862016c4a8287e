import type { Socket } from 'node:net';
import { ApiError, errorBody } from './errors';

/**
 * Answers a request Node's HTTP parser refused before any route ran (a Content-Length that lies or is given twice,
 * Content-Length with Transfer-Encoding, headers too large, a request too slow to arrive) in the API's one error
 * shape, as Fastify's default handler does in a shape of its own. Then the connection is closed: what follows on it
 * cannot be told apart from the broken request.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A connection reset has nothing left to answer (Node's and Fastify's default handlers do the same).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'The request did not arrive in time; send it again.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'The request headers are larger than this server accepts; send shorter ones.']
        : [400, 'Bad Request', 'The request is not valid HTTP (e.g. a Content-Length that is not the length of the body, or given with Transfer-Encoding); send it again as valid HTTP/1.1.'];
  const body = JSON.stringify(errorBody(new ApiError(status, 'invalid_request', message)));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
