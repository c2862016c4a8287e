/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna, 2018), a small, fast generator with
 * 128 bits of state and period 2^128 - 1 that passes BigCrush and PractRand.
 */

const TWO_POW_32 = 4294967296;
// Bound once: in a vm sandbox (Jest) each `Math` lookup in a hot loop is a slow global access (~100x).
const { imul } = Math;

/** MurmurHash3's fmix32 finalizer: a bijection on 32-bit words with full avalanche. */
function fmix32(h: number): number {
  h = imul(h ^ (h >>> 16), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The four 32-bit state words xoshiro128** starts from for `seed`: splitmix32 (a golden-ratio Weyl
 * sequence through fmix32) as Vigna recommends, so nearby seeds give unrelated streams and the state is
 * never all zero (fmix32 is a bijection, so four consecutive outputs cannot all be 0).
 * The seed is reduced to the low 32 bits of its integer part (NaN and infinities give 0).
 * @internal
 */
export function seedState(seed: number): Uint32Array {
  const state = new Uint32Array(4);
  // ToInt32: the integer part modulo 2^32; NaN and infinities become 0.
  let x = seed | 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) | 0;
    state[i] = fmix32(x);
  }
  return state;
}

/**
 * A generator of uniform 32-bit unsigned integers (xoshiro128**) for `seed`.
 * Hot loops (the bootstrap) inline this same step; a test pins that they agree.
 * @internal
 */
export function createRng32(seed: number): () => number {
  const state = seedState(seed);
  let s0 = state[0]! | 0;
  let s1 = state[1]! | 0;
  let s2 = state[2]! | 0;
  let s3 = state[3]! | 0;
  return () => {
    const m = imul(s1, 5);
    const result = imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result >>> 0;
  };
}

/** A seeded generator of uniform floats in [0, 1) (xoshiro128**, seeded by splitmix32): same seed, same sequence. */
export function createRng(seed: number): () => number {
  const next = createRng32(seed);
  // 32 random bits scaled by 2^-32: exact, so the result is always strictly below 1.
  return () => next() / TWO_POW_32;
}
