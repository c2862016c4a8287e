import net from 'node:net';

/** A TCP proxy on 127.0.0.1 in front of a real server, that can cut every connection and refuse new ones for a while. */
export interface TcpProxy {
  readonly port: number;
  /** Connections opened through the proxy so far. */
  readonly connections: number;
  /** Destroys every open connection and refuses (resets) new ones until restore(). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** What the proxy does to a connection when a client's chunk matches. */
export interface TcpProxyCuts {
  /** The chunk is passed on, then the connection is reset: the server may run the command, the client gets no answer. */
  cutAfter?: (chunk: Buffer) => boolean;
  /**
   * The chunk is passed on, and of the server's answer only the first line (up to CRLF) reaches the client before the
   * connection is reset: a pipeline answered in part, as when a server dies mid-answer.
   */
  cutMidAnswer?: (chunk: Buffer) => boolean;
}

export async function startTcpProxy(target: { host: string; port: number }, options: TcpProxyCuts = {}): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let down = false;
  let connections = 0;
  const server = net.createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    connections++;
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    let midAnswer = false;
    const reset = () => {
      client.resetAndDestroy();
      upstream.end();
    };
    upstream.on('data', (chunk: Buffer) => {
      if (!midAnswer) {
        client.write(chunk);
        return;
      }
      const line = chunk.indexOf('\r\n');
      client.write(line >= 0 ? chunk.subarray(0, line + 2) : chunk, () => reset());
    });
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (options.cutAfter?.(chunk)) reset();
      else if (options.cutMidAnswer?.(chunk)) midAnswer = true;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get connections() {
      return connections;
    },
    cut() {
      down = true;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      down = false;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
