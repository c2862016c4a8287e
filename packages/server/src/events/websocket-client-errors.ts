import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/** The largest message a live-events WebSocket client may send (ws's maxPayload): subscribe messages are tiny. */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/** WebSocket close code "Message Too Big". */
const MESSAGE_TOO_BIG = 1009;

/** The close reason of a socket whose client sent a message over MAX_CLIENT_MESSAGE_BYTES. */
export const MESSAGE_TOO_BIG_REASON = `Messages are limited to ${MAX_CLIENT_MESSAGE_BYTES / 1024} KiB; send a shorter one.`;

/**
 * ws closes a socket whose client sent a message over maxPayload with 1009 and an empty reason, leaving the client to
 * guess: the socket's close is wrapped so that close says the limit. (ws calls `close(1009)` on the instance, and no
 * other close of this server sends 1009.)
 */
export function sayMessageLimit(socket: WebSocket): void {
  const close = socket.close.bind(socket);
  socket.close = (code?: number, reason?: string | Buffer) =>
    close(code, code === MESSAGE_TOO_BIG && (reason === undefined || reason.length === 0) ? MESSAGE_TOO_BIG_REASON : reason);
}

/**
 * @fastify/websocket's errorHandler. An error ws raises of what the client sent (a message over the limit, a frame
 * that breaks the protocol: codes WS_ERR_*) is the client's doing, and ws has already closed the socket with the
 * matching code: one info line, without a stack, so that no client can fill the error log. Anything else (a failure
 * of the handler) is logged as an error and the socket cut, as the plugin's default handler does.
 */
export function websocketErrorHandler(error: Error & { code?: unknown }, socket: WebSocket, request: FastifyRequest): void {
  if (typeof error.code === 'string' && error.code.startsWith('WS_ERR_')) {
    const what = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? `a client message over ${MAX_CLIENT_MESSAGE_BYTES / 1024} KiB` : error.message;
    request.log.info({ code: error.code }, `live-events WebSocket closed: ${what}`);
    return;
  }
  request.log.error({ err: error }, 'live-events WebSocket failed');
  socket.terminate();
}
