/** Why an authentication failed. */
export type AuthFailureReason = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'proxy_user';

/** One audit row per client address per reason per this long: a flood of bad tokens cannot flood the audit log. */
const WINDOW_MS = 60_000;
/** Most (address, reason) pairs remembered; past it the oldest are forgotten (an attacker can only earn more rows). */
const MAX_KEYS = 10_000;

/** Decides which failed authentications get an audit row. */
export class FailedAuthThrottle {
  private readonly last = new Map<string, number>();

  /** True when this failure should be audited (the first of its address and reason in the window). */
  shouldAudit(address: string, reason: AuthFailureReason, now = Date.now()): boolean {
    const key = `${address}\u0000${reason}`;
    const at = this.last.get(key);
    if (at !== undefined && now - at < WINDOW_MS) return false;
    this.last.delete(key);
    this.last.set(key, now);
    if (this.last.size > MAX_KEYS) {
      for (const [k, t] of this.last) {
        if (this.last.size <= MAX_KEYS && now - t < WINDOW_MS) break;
        this.last.delete(k);
      }
    }
    return true;
  }
}
