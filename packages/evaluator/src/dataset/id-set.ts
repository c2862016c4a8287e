/** Bytes of UTF-8 one UTF-16 code unit can take at most. */
const MAX_UTF8_PER_UNIT = 3;
const EMPTY = -1;
/** A high surrogate without a low one after it, or a low one without a high one before it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A set of item ids held off the JavaScript heap: each id's UTF-8 bytes in one growable arena, one after another, and
 * an open-addressing table of entry numbers in an Int32Array. A streamed dataset's duplicate-id check sees every id of
 * the run; a Map of a million id strings takes ≈ 54 MB of heap, which V8 then multiplies into garbage headroom (a
 * 1,000,000-item run peaked at 428 MB RSS), while this holds the same ids in their bytes plus 12 bytes each (an entry's
 * start, and two table slots). An entry's length is where the next one starts; its hash is computed again only when
 * the table grows. Exact: ids are compared byte for byte, the hash only picks where to look.
 * @internal
 */
export class IdSet {
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  /** Where each entry's bytes start in the arena; an entry ends where the next starts (the last at arenaUsed). */
  private starts = new Uint32Array(1 << 10);
  private table = new Int32Array(1 << 11).fill(EMPTY);
  private readonly encoder = new TextEncoder();
  size = 0;

  /** Adds `id`; false when the set already held it. */
  add(id: string): boolean {
    this.reserveArena(id.length * MAX_UTF8_PER_UNIT + 1);
    // Written after the last entry: kept (by moving arenaUsed past it) only if the id is new.
    const start = this.arenaUsed;
    const length = LONE_SURROGATE.test(id) ? this.writeUnits(id, start) : this.encoder.encodeInto(id, this.arena.subarray(start)).written;
    const mask = this.table.length - 1;
    for (let slot = fnv1a(this.arena, start, length) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot]!;
      if (entry === EMPTY) {
        this.insert(slot, start, length);
        return true;
      }
      if (this.lengthOf(entry) === length && this.sameBytes(this.starts[entry]!, start, length)) return false;
    }
  }

  /** Bytes of entry `entry`, from where the next entry starts (the last one ends at arenaUsed). */
  private lengthOf(entry: number): number {
    const end = entry + 1 < this.size ? this.starts[entry + 1]! : this.arenaUsed;
    return end - this.starts[entry]!;
  }

  private insert(slot: number, start: number, length: number): void {
    if (this.size === this.starts.length) this.starts = grow(this.starts);
    const entry = this.size++;
    this.starts[entry] = start;
    this.table[slot] = entry;
    this.arenaUsed += length;
    // At most half full, so probes stay short.
    if (this.size * 2 > this.table.length) this.rehash();
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2).fill(EMPTY);
    const mask = this.table.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = fnv1a(this.arena, this.starts[entry]!, this.lengthOf(entry)) & mask;
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

  /**
   * An id with a lone surrogate, which UTF-8 cannot hold (TextEncoder writes U+FFFD for it, so "a\uD800" and
   * "a\uD801" would be one id): a 0xFF byte, which UTF-8 never has, then its UTF-16 code units, two bytes each.
   */
  private writeUnits(id: string, start: number): number {
    const arena = this.arena;
    arena[start] = 0xff;
    let at = start + 1;
    for (let i = 0; i < id.length; i++) {
      const unit = id.charCodeAt(i);
      arena[at++] = unit & 0xff;
      arena[at++] = unit >>> 8;
    }
    return at - start;
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
