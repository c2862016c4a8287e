import { FailedAuthThrottle } from './failed-auth-audit';

describe('FailedAuthThrottle', () => {
  it('lets one failure per address and reason through per minute', () => {
    const throttle = new FailedAuthThrottle();
    const t0 = 1_000_000;
    expect(throttle.shouldAudit('10.0.0.1', 'unknown', t0)).toBe(true);
    expect(throttle.shouldAudit('10.0.0.1', 'unknown', t0 + 59_999)).toBe(false);
    expect(throttle.shouldAudit('10.0.0.1', 'revoked', t0 + 1)).toBe(true);
    expect(throttle.shouldAudit('10.0.0.2', 'unknown', t0 + 1)).toBe(true);
    expect(throttle.shouldAudit('10.0.0.1', 'unknown', t0 + 60_000)).toBe(true);
  });

  it('stays bounded under a flood of addresses, forgetting the oldest first', () => {
    const throttle = new FailedAuthThrottle();
    const t0 = 5_000_000;
    for (let i = 0; i < 12_000; i++) throttle.shouldAudit(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 'missing', t0);
    // The first address was forgotten (an attacker with many addresses only earns more rows, never fewer).
    expect(throttle.shouldAudit('10.0.0.0', 'missing', t0 + 1)).toBe(true);
    expect(throttle.shouldAudit(`10.0.${(11_999 >> 8) & 255}.${11_999 & 255}`, 'missing', t0 + 1)).toBe(false);
  });
});
