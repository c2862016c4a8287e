import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './principal';

/**
 * Single sign-on through a reverse proxy (oauth2-proxy, an ingress with forward auth, …) that authenticates users
 * and names them in a header. The header is believed only on connections whose TCP peer is one of `addresses` — the
 * socket's own address, never X-Forwarded-For — so nobody else can claim a user by sending it.
 */
export interface TrustedProxyOptions {
  /** The proxies' addresses as the server sees the TCP peer (e.g. 127.0.0.1, 10.0.0.5). */
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
 * (`cli:<os user>`), the server itself (`server:retention`), the unauthenticated local user (`local`), or a proxy
 * namespace. A proxy user named so is refused, so the audit log's actors cannot be impersonated through the header.
 */
const RESERVED_USER = /^(?:token|cli|server|proxy):|^local$/i;

/** An IPv4 address as Node reports it on a dual-stack socket (::ffff:10.0.0.5) in its plain form. */
export function normalizeAddress(address: string | undefined): string {
  const a = (address ?? '').trim().toLowerCase().replace(/^\[|\]$/g, '');
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice('::ffff:'.length) : a;
}

/** Reads proxy users from requests of the trusted proxies. */
export class TrustedProxy {
  private readonly addresses: Set<string>;
  private readonly header: string;

  constructor(private readonly options: TrustedProxyOptions) {
    this.addresses = new Set(options.addresses.map(normalizeAddress));
    this.header = (options.userHeader ?? 'x-forwarded-user').toLowerCase();
  }

  /** The proxy user's principal, or null when the peer is not a trusted proxy or names no (usable) user. */
  principalOf(request: FastifyRequest): Principal | null {
    if (!this.addresses.has(normalizeAddress(request.socket.remoteAddress))) return null;
    const raw = request.headers[this.header];
    const user = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!user || user.length > MAX_USER_LENGTH || /[\u0000-\u001f\u007f]/.test(user)) return null;
    if (RESERVED_USER.test(user)) {
      request.log.warn({ header: this.header }, 'trusted proxy: refused a user name reserved for other audit actors (token:, cli:, server:, proxy:, local)');
      return null;
    }
    return { subject: user, role: this.options.role ?? 'viewer', projects: this.options.projects ?? '*', via: 'proxy' };
  }
}
