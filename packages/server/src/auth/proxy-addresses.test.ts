import { ServerConfigError } from '../errors';
import { ProxyAddresses } from './proxy-addresses';

describe('trusted proxy addresses', () => {
  it('matches single addresses and CIDR ranges, an IPv4-mapped IPv6 peer as its IPv4 address', () => {
    const proxies = new ProxyAddresses(['10.0.0.5', '192.168.0.0/16', 'fd00::/64', '[::1]', '::ffff:172.16.0.0/108']);
    for (const peer of ['10.0.0.5', '::ffff:10.0.0.5', '192.168.7.9', '::ffff:192.168.255.1', 'fd00::1234', '::1', '172.16.3.4']) {
      expect([peer, proxies.has(peer)]).toEqual([peer, true]);
    }
    for (const peer of ['10.0.0.6', '::ffff:10.0.0.6', '192.169.0.1', 'fd00:0:0:1::1', '::2', '172.32.0.1', undefined, '']) {
      expect([peer, proxies.has(peer)]).toEqual([peer, false]);
    }
  });

  it('refuses what can never be a peer address', () => {
    for (const entry of ['*', 'localhost', '0.0.0.0', '::', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/x', '0.0.0.0/0', '::ffff:10.0.0.0/90', '']) {
      expect(() => new ProxyAddresses([entry])).toThrow(ServerConfigError);
    }
  });

  // BlockList matches an IPv4 peer against IPv6 ranges by its mapped form: ::/64 believed every IPv4 client, as /0.
  it('refuses an IPv6 range holding every IPv4-mapped address, and keeps one holding part of them', () => {
    for (const entry of ['::/64', '::/1', '::ffff:0:0/96', '0:0:0:0:0:ffff::/96']) {
      expect(() => new ProxyAddresses([entry])).toThrow(/holding every IPv4-mapped address/);
    }
    const part = new ProxyAddresses(['::ffff:a00:0/104']);
    expect([part.has('10.1.2.3'), part.has('11.1.2.3')]).toEqual([true, false]);
  });
});
