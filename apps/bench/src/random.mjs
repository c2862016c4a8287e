// A small seeded pseudo-random generator, so every benchmark run uses the same data.

/** mulberry32: returns a function yielding floats in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of `list`, picked with `random`. */
export function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}
