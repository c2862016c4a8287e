import { BlockList, isIP } from 'node:net';
import { ServerConfigError } from '../errors';

/** What a trusted proxy may be named by, for the error of anything else. */
const ACCEPTED =
  'name each proxy by the address the server sees it connect from: an IPv4 or IPv6 address (10.0.0.5, fd00::5) or a CIDR ' +
  'range (10.0.0.0/8, fd00::/64). Host names, wildcards, the unspecified address (0.0.0.0, ::) and /0 never name a proxy';

/** An IPv4 address as Node reports it on a dual-stack socket (::ffff:10.0.0.5) in its plain form. */
export function normalizeAddress(address: string | undefined): string {
  const a = (address ?? '').trim().toLowerCase().replace(/^\[|\]$/g, '');
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice('::ffff:'.length) : a;
}

const familyOf = (address: string): 'ipv4' | 'ipv6' | null => (isIP(address) === 4 ? 'ipv4' : isIP(address) === 6 ? 'ipv6' : null);

/**
 * The trusted proxies' addresses (TrustedProxyOptions.addresses): single IPv4 and IPv6 addresses and CIDR ranges,
 * matched against a connection's TCP peer, an IPv4-mapped IPv6 peer (::ffff:10.0.0.5) as its IPv4 address. Anything
 * else — `*`, `localhost`, `0.0.0.0`, a typo — could never match a peer and would leave single sign-on silently off,
 * so it is a ServerConfigError naming the value.
 */
export class ProxyAddresses {
  private readonly list = new BlockList();

  constructor(entries: readonly string[]) {
    for (const entry of entries) this.add(entry);
  }

  /** Whether `peer` (a socket's remoteAddress) is one of the proxies. */
  has(peer: string | undefined): boolean {
    const address = normalizeAddress(peer);
    const family = familyOf(address);
    return family !== null && this.list.check(address, family);
  }

  private add(entry: string): void {
    const refuse = (why: string): never => {
      throw new ServerConfigError(`The trusted proxy address ${JSON.stringify(String(entry).slice(0, 100))} ${why}: ${ACCEPTED}.`);
    };
    if (typeof entry !== 'string') refuse('is not text');
    const [given, prefixText, extra] = entry.trim().split('/');
    const address = normalizeAddress(given);
    const family = familyOf(address);
    if (family === null || extra !== undefined) refuse('is not an IP address or a CIDR range');
    if (/^(0\.0\.0\.0|::)$/.test(address) && prefixText === undefined) refuse('is the unspecified address, which no peer ever has');
    if (prefixText === undefined) {
      this.list.addAddress(address, family!);
      return;
    }
    const bits = family === 'ipv4' ? 32 : 128;
    // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range its peers are compared as.
    const mapped = family === 'ipv4' && /^\[?::ffff:/i.test(given!.trim());
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) - (mapped ? 96 : 0) : NaN;
    if (!(prefix >= 0 && prefix <= bits)) refuse(`has a prefix length outside ${mapped ? '96..128' : `0..${bits}`}`);
    if (prefix === 0) refuse('is a /0 range: it would believe the user header from any client');
    if (family === 'ipv6' && coversEveryIpv4(address, prefix)) {
      refuse('is an IPv6 range holding every IPv4-mapped address (::ffff:0:0/96): it would believe the user header from any IPv4 client');
    }
    this.list.addSubnet(address, prefix, family!);
  }
}

/** Whether an IPv6 range holds the whole IPv4-mapped block, which BlockList matches every IPv4 peer against (::/64). */
function coversEveryIpv4(address: string, prefix: number): boolean {
  const range = new BlockList();
  range.addSubnet(address, prefix, 'ipv6');
  return range.check('::ffff:0:0', 'ipv6') && range.check('::ffff:ffff:ffff', 'ipv6');
}
