import net from 'node:net';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { initializeDatabase, parseDatabaseUrl } from '../src';

// `postgresql://user@[::1]:5432/db` kept the brackets in the host, so the driver looked "[::1]" up by name and failed
// with "getaddrinfo ENOTFOUND [::1]": an IPv6 address could not be used at all.
describe('a PostgreSQL URL with an IPv6 host', () => {
  const database = useEmptyDatabase('postgres');

  it('parses to the address without brackets, and keeps a name or IPv4 address as it is', () => {
    expect(parseDatabaseUrl('postgresql://u:p@[::1]:5433/db')).toMatchObject({ host: '::1', port: 5433, database: 'db' });
    expect(parseDatabaseUrl('postgresql://u@[2001:db8::7]/db')).toMatchObject({ host: '2001:db8::7', port: 5432 });
    expect(parseDatabaseUrl('postgresql://u@127.0.0.1/db')).toMatchObject({ host: '127.0.0.1' });
    expect(parseDatabaseUrl('postgresql://u@db.example/db')).toMatchObject({ host: 'db.example' });
  });

  it('connects through ::1 (a forwarder on the IPv6 loopback in front of the real server)', async () => {
    const target = new URL(database.url);
    const sockets = new Set<net.Socket>();
    const forwarder = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => forwarder.once('error', reject).listen(0, '::1', resolve));
    const { port } = forwarder.address() as net.AddressInfo;
    const viaIpv6 = new URL(database.url);
    viaIpv6.host = `[::1]:${port}`;
    const db = await initializeDatabase({ url: viaIpv6.toString() });
    try {
      const run = await db.runs.createRun({ name: 'over ipv6' });
      expect((await db.runs.getRun(run.id))?.name).toBe('over ipv6');
    } finally {
      await db.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => forwarder.close(resolve));
    }
  });
});
