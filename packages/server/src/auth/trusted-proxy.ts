import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors';
import type { Principal, Role } from './principal';
import { ProxyAddresses } from './proxy-addresses';

/**
 * Single sign-on through a reverse proxy (oauth2-proxy, an ingress with forward auth, …) that authenticates users
 * and names them in a header. The header is believed only on connections whose TCP peer is one of `addresses` — the
 * socket's own address, never X-Forwarded-For — so nobody else can claim a user by sending it.
 */
export interface TrustedProxyOptions {
  /** The proxies' addresses as the server sees the TCP peer: IPv4 or IPv6 addresses or CIDR ranges (10.0.0.5, 10.0.0.0/8). */
  addresses: string[];
  /** The header naming the user (default x-forwarded-user). */
  userHeader?: string;
  /** The role of proxy users (default viewer). */
  role?: Role;
  /** The projects proxy users see (default '*': every run). */
  projects?: '*' | string[];
}

/** Longest user name taken from the header (the audit log's actor column). */
const MAX_USER_LENGTH = 200;

/**
 * User names that would pass in the audit log for another kind of actor: an API token (`token:<name>#<id>`), the CLI
 * (`cli:<os user>`), the server itself (`server:retention`), a failed authentication's client (`address:<ip>`), the
 * unauthenticated local user (`local`), a principal-less authenticator's caller (`authenticated`), or a proxy
 * namespace. A proxy user named so is refused, so the audit log's actors cannot be impersonated through the header.
 */
const RESERVED_USER = /^(?:token|cli|server|proxy|address):|^(?:local|authenticated)$/i;

/** Reads proxy users from requests of the trusted proxies. */
export class TrustedProxy {
  private readonly addresses: ProxyAddresses;
  private readonly header: string;

  /** Throws a ServerConfigError for an address that is not an IP address or CIDR range. */
  constructor(private readonly options: TrustedProxyOptions) {
    this.addresses = new ProxyAddresses(options.addresses);
    this.header = (options.userHeader ?? 'x-forwarded-user').toLowerCase();
  }

  /**
   * The proxy user's principal, or null when the peer is not a trusted proxy or names no (usable) user. A request of
   * a trusted proxy that carries the user header more than once is refused (400): Node would join the values into
   * one name ("alice, bob"), and which user the proxy meant cannot be told.
   */
  principalOf(request: FastifyRequest): Principal | null {
    if (!this.addresses.has(request.socket.remoteAddress)) return null;
    const given = headerCount(request.raw.rawHeaders, this.header);
    if (given > 1) {
      request.log.warn({ header: this.header, count: given }, 'trusted proxy: refused a request carrying the user header more than once');
      throw new ApiError(
        400,
        'invalid_request',
        `The ${this.header} header was sent ${given} times: a trusted proxy names exactly one user. Configure the proxy to replace the header a client sends, not to add another.`,
        { field: `headers.${this.header}` },
      );
    }
    const raw = request.headers[this.header];
    const user = utf8HeaderValue(Array.isArray(raw) ? raw[0] : raw, this.header)?.trim();
    if (!user || user.length > MAX_USER_LENGTH || /[\u0000-\u001f\u007f]/.test(user)) return null;
    if (RESERVED_USER.test(user)) {
      request.log.warn(
        { header: this.header },
        'trusted proxy: refused a user name reserved for other audit actors (token:, cli:, server:, proxy:, address:, local, authenticated)',
      );
      return null;
    }
    return { subject: user, role: this.options.role ?? 'viewer', projects: this.options.projects ?? '*', via: 'proxy' };
  }
}

/** Refuses bytes that are not UTF-8 instead of replacing them with U+FFFD (two names could then be the same user). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The header's value as the proxy meant it. Node gives header values as latin1 strings, one character per byte, so
 * an SSO name sent in UTF-8 ("José") would be stored as "JosÃ©" and never found again by `--created-by José`. A
 * value that is not valid UTF-8 is a 400 naming the header: no user can be told from it.
 */
function utf8HeaderValue(value: string | undefined, header: string): string | undefined {
  if (value === undefined || !/[^\u0000-\u007f]/.test(value)) return value;
  try {
    return UTF8.decode(Buffer.from(value, 'latin1'));
  } catch {
    throw new ApiError(
      400,
      'invalid_request',
      `The ${header} header is not valid UTF-8: a trusted proxy sends the user name as UTF-8 bytes. Configure the proxy to send it so (or ASCII).`,
      { field: `headers.${header}` },
    );
  }
}

/** How many times a request carries a header (rawHeaders alternates names and values, names as sent). @internal */
export function headerCount(rawHeaders: string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) count++;
  return count;
}
