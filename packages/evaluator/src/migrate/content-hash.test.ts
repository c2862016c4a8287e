import { createHash } from 'node:crypto';
import { importContentHash } from './content-hash';

/** The hash as imports computed it before: one JSON.stringify of { run, items } with sorted keys. */
function wholeHash(run: unknown, items: unknown[]): string {
  const sorted = (_key: string, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v;
  return createHash('sha256').update(JSON.stringify({ run, items }, sorted)).digest('hex');
}

// Imports find a file the database already holds by this hash, so hashing piece by piece (a run too large for one
// string) must give every earlier import's hash.
describe('importContentHash', () => {
  it('equals the hash of the whole canonical JSON, whatever the key order, text or values', () => {
    const run = { name: 'r', tags: ['b', 'a'], config: { z: 1, a: { y: [1, { d: 2, c: 3 }], x: null } }, startedAt: new Date(Date.UTC(2026, 11, 7)) };
    const items = [
      { itemId: 'q1', scores: { b: 1, a: 0.5 }, input: { question: 'é😀\u0000\ud800', nested: [{ k: 'v' }] }, actualOutput: 'x', completedAt: new Date(0) },
      { actualOutput: null, itemId: 'q2', metadata: { undefinedValue: undefined, n: -0 } },
    ];
    expect(importContentHash(run, items)).toBe(wholeHash(run, items));
    expect(importContentHash(run, [])).toBe(wholeHash(run, []));
    const reordered = { tags: ['b', 'a'], startedAt: run.startedAt, config: { a: { x: null, y: [1, { c: 3, d: 2 }] }, z: 1 }, name: 'r' };
    expect(importContentHash(reordered, items)).toBe(importContentHash(run, items));
    expect(importContentHash(run, items.slice(0, 1))).not.toBe(importContentHash(run, items));
  });
});
