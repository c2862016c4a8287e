import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the server saw it: its path and headers. */
export interface SeenRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

/** A real local HTTP server that answers each request as `handle` says (status, headers, body all up to the test). */
export async function startRawApiServer(
  handle: (request: SeenRequest, res: ServerResponse) => void,
  host = '127.0.0.1',
): Promise<{ origin: string; baseURL: string; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const request = { url: req.url ?? '', headers: req.headers };
      seen.push(request);
      handle(request, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseURL: `${origin}/v1`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
