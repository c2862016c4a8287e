// The floor of a page load in this browser on this machine: a static "hello" page (no script) from a plain Node HTTP
// server, timed exactly as the dashboard's pages are.
import http from 'node:http';

const HELLO = '<!doctype html><html><head><meta charset="utf-8"><title>hello</title></head><body><p id="hello">hello</p></body></html>';

export async function startHelloServer() {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(HELLO);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/hello`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser's keep-alive sockets would hold close() open
      }),
  };
}
