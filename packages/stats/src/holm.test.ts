import { holmAdjust } from './holm';
import { StatsArgumentError } from './errors';

describe('holmAdjust', () => {
  it("matches R's p.adjust(c(0.01, 0.04, 0.03, 0.005), 'holm') = 0.03 0.06 0.06 0.02", () => {
    // sorted: 0.005 * 4 = 0.02, 0.01 * 3 = 0.03, 0.03 * 2 = 0.06, 0.04 * 1 = 0.04 -> kept non-decreasing: 0.06
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    const expected = [0.03, 0.06, 0.06, 0.02];
    adjusted.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 15));
  });

  it('leaves one p-value as it is, caps at 1 and keeps ties in input order', () => {
    expect(holmAdjust([0.03])).toEqual([0.03]);
    expect(holmAdjust([0.5, 0.6, 0.9])).toEqual([1, 1, 1]);
    expect(holmAdjust([0.03125, 0.03125])).toEqual([0.0625, 0.0625]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('rejects values that are not probabilities', () => {
    expect(() => holmAdjust([0.1, Number.NaN])).toThrow(StatsArgumentError);
    expect(() => holmAdjust([1.5])).toThrow(/\[0, 1\]/);
  });
});
