import { minimumInformativePairs } from './minimum-pairs';
import { mcnemarExact } from './mcnemar';
import { wilcoxonSignedRank } from './wilcoxon';

describe('minimumInformativePairs', () => {
  it('is the smallest count at which the exact tests can reach alpha', () => {
    expect(minimumInformativePairs(0.05)).toBe(6);
    expect(minimumInformativePairs(0.01)).toBe(8);
    expect(minimumInformativePairs(0.1)).toBe(5);
    for (const alpha of [0.1, 0.05, 0.01]) {
      const k = minimumInformativePairs(alpha);
      expect(mcnemarExact(0, k).pValue).toBeLessThan(alpha);
      expect(mcnemarExact(0, k - 1).pValue).toBeGreaterThanOrEqual(alpha);
      expect(wilcoxonSignedRank(new Array(k).fill(1)).pValue).toBeLessThan(alpha);
      expect(wilcoxonSignedRank(Array.from({ length: k - 1 }, (_, i) => i + 1)).pValue).toBeGreaterThanOrEqual(alpha);
    }
  });

  it('rejects an alpha outside (0, 1)', () => {
    expect(() => minimumInformativePairs(0)).toThrow(/alpha/);
  });
});
