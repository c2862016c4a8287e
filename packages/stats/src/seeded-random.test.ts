import { createRng, createRng32, seedState } from './seeded-random';

describe('createRng', () => {
  it('gives the same sequence for the same seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 1000; i++) expect(a()).toBe(b());
  });

  it('gives unrelated sequences for nearby seeds', () => {
    const a = createRng(1);
    const b = createRng(2);
    const same = Array.from({ length: 100 }, () => a() === b()).filter(Boolean).length;
    expect(same).toBe(0);
  });

  it('returns floats in [0, 1) with mean near 1/2', () => {
    const rng = createRng(42);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    // the mean of 1e5 uniforms has sd 1/sqrt(12e5) ~ 0.0009
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });

  it('matches the reference C xoshiro128** seeded by splitmix32 (Weyl 0x9e3779b9 + MurmurHash3 fmix32)', () => {
    // Vectors from Vigna's xoshiro128starstar.c, state words from fmix32(seed + k * 0x9e3779b9), k = 1..4.
    expect(Array.from(seedState(42))).toEqual([939911724, 3948730756, 321366731, 3317318717]);
    const cases: Array<[number, number[]]> = [
      [42, [2837322924, 544945897, 479756282, 3500138142, 339756180]],
      [0, [3809008728, 1133695204, 53579671, 2891528803, 139681546]],
      [4294967295, [835879718, 1921286648, 2356205009, 1885780724, 980451116]],
    ];
    for (const [seed, expected] of cases) {
      const next = createRng32(seed);
      expect(expected.map(() => next())).toEqual(expected);
    }
    expect(createRng(42)()).toBe(2837322924 / 2 ** 32);
  });

  it('reduces seeds to the low 32 bits of their integer part', () => {
    expect(createRng32(-1)()).toBe(createRng32(4294967295)());
    expect(createRng32(42.9)()).toBe(createRng32(42)());
    expect(createRng32(Number.NaN)()).toBe(createRng32(0)());
  });
});
