/** Bytes of UTF-8 one UTF-16 code unit can take at most. */
const MAX_UTF8_PER_UNIT = 3;
const EMPTY = -1;

/**
 * A set of item ids held off the JavaScript heap: each id's UTF-8 bytes in one growable arena, and an open-addressing
 * table of entry numbers in an Int32Array. A streamed dataset's duplicate-id check sees every id of the run; a Map of
 * a million id strings takes ≈ 54 MB of heap, which V8 then multiplies into garbage headroom (a 1,000,000-item run
 * peaked at 428 MB RSS), while this holds the same ids in their bytes plus 16 bytes each. Exact: ids are compared
 * byte for byte, the hash only picks where to look.
 * @internal
 */
export class IdSet {
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  /** Per entry: where its bytes start in the arena, how many there are, and its hash. */
  private starts = new Uint32Array(1 << 10);
  private lengths = new Uint32Array(1 << 10);
  private hashes = new Uint32Array(1 << 10);
  private table = new Int32Array(1 << 11).fill(EMPTY);
  private readonly encoder = new TextEncoder();
  size = 0;

  /** Adds `id`; false when the set already held it. */
  add(id: string): boolean {
    this.reserveArena(id.length * MAX_UTF8_PER_UNIT);
    const start = this.arenaUsed;
    const length = this.encoder.encodeInto(id, this.arena.subarray(start)).written;
    const hash = fnv1a(this.arena, start, length);
    const mask = this.table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot]!;
      if (entry === EMPTY) {
        this.insert(slot, start, length, hash);
        return true;
      }
      if (this.hashes[entry] === hash && this.lengths[entry] === length && this.sameBytes(this.starts[entry]!, start, length)) return false;
    }
  }

  private insert(slot: number, start: number, length: number, hash: number): void {
    if (this.size === this.starts.length) {
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
      this.hashes = grow(this.hashes);
    }
    const entry = this.size++;
    this.starts[entry] = start;
    this.lengths[entry] = length;
    this.hashes[entry] = hash;
    this.table[slot] = entry;
    this.arenaUsed += length;
    // At most half full, so probes stay short.
    if (this.size * 2 > this.table.length) this.rehash();
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2).fill(EMPTY);
    const mask = this.table.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (this.table[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.table[slot] = entry;
    }
  }

  private reserveArena(bytes: number): void {
    if (this.arenaUsed + bytes <= this.arena.length) return;
    const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + bytes));
    grown.set(this.arena.subarray(0, this.arenaUsed));
    this.arena = grown;
  }

  private sameBytes(a: number, b: number, length: number): boolean {
    const arena = this.arena;
    for (let i = 0; i < length; i++) if (arena[a + i] !== arena[b + i]) return false;
    return true;
  }
}

function grow(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** 32-bit FNV-1a of bytes. */
function fnv1a(bytes: Uint8Array, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}
