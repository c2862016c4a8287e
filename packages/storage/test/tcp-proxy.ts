import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real PostgreSQL server, that can make the sessions open through it end the way
 * a pooled session meets its end: the client learns of it only when it next sends a statement. (Adapted from
 * packages/queue/test/tcp-proxy.ts; test folders do not import each other.)
 */
export interface TcpProxy {
  readonly port: number;
  /** Connections clients opened to the proxy so far, refused ones included. */
  readonly attempts: number;
  /**
   * On every open connection, what the server sends from now on (its FATAL message when it ends the session, then its
   * close) is held back until the client next writes, and then delivered instead of passing the client's bytes on: as
   * when the client had not yet read the socket when it reused the session.
   */
  holdServerUntilNextWrite(): void;
  /** Every open connection is reset at the client's next write, which is not passed on. */
  resetOnNextWrite(): void;
  /** Resets every open connection and every new one until restore(). */
  cut(): void;
  restore(): void;
  /** Stops listening (new connections are refused) and destroys the open ones. */
  close(): Promise<void>;
}

interface Link {
  client: net.Socket;
  upstream: net.Socket;
  held: boolean;
  heldBytes: Buffer[];
  upstreamClosed: boolean;
  resetNext: boolean;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const links = new Set<Link>();
  let down = false;
  let attempts = 0;
  const server = net.createServer((client) => {
    attempts++;
    client.on('error', () => undefined);
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => undefined);
    const link: Link = { client, upstream, held: false, heldBytes: [], upstreamClosed: false, resetNext: false };
    links.add(link);
    upstream.on('data', (chunk: Buffer) => {
      if (link.held) link.heldBytes.push(chunk);
      else client.write(chunk);
    });
    upstream.on('close', () => {
      link.upstreamClosed = true;
      if (!link.held) client.destroy();
    });
    client.on('close', () => {
      links.delete(link);
      upstream.destroy();
    });
    client.on('data', (chunk: Buffer) => {
      if (link.resetNext) {
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      if (link.held) {
        link.held = false;
        for (const bytes of link.heldBytes.splice(0)) client.write(bytes);
        if (link.upstreamClosed) {
          client.end();
          return;
        }
      }
      upstream.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get attempts() {
      return attempts;
    },
    holdServerUntilNextWrite() {
      for (const link of links) link.held = true;
    },
    resetOnNextWrite() {
      for (const link of links) link.resetNext = true;
    },
    cut() {
      down = true;
      for (const link of links) link.client.resetAndDestroy();
    },
    restore() {
      down = false;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const link of links) {
        link.client.destroy();
        link.upstream.destroy();
      }
      await closed;
    },
  };
}
