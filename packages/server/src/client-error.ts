import { maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError, errorBody } from './errors';

/**
 * What a 431 says. Node's limit (--max-http-header-size, 16 KiB by default) is on the request line and the headers
 * together, and a long URL (a long `q=` query) reaches it far more often than headers do.
 */
const HEAD_LIMIT = maxHeaderSize % 1024 === 0 ? `${maxHeaderSize / 1024} KiB` : `${maxHeaderSize} bytes`;
const HEAD_TOO_LARGE =
  `The request line (URL) and headers together are larger than this server accepts (${HEAD_LIMIT}); ` +
  'shorten the URL or its query string (or the headers) and send it again.';

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
        ? [431, 'Request Header Fields Too Large', HEAD_TOO_LARGE]
        : [400, 'Bad Request', 'The request is not valid HTTP (e.g. a Content-Length that is not the length of the body, or given with Transfer-Encoding); send it again as valid HTTP/1.1.'];
  const body = JSON.stringify(errorBody(new ApiError(status, 'invalid_request', message)));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
