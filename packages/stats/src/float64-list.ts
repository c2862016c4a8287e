/** A resizable ArrayBuffer (ES2024; Node 20 has it, the ES2023 lib types do not). */
interface ResizableBuffer extends ArrayBuffer {
  readonly resizable: boolean;
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}

/** Values a list holds in the plain array it starts with; past them it reserves room to grow in place. */
const FIRST_CAPACITY = 1024;
const IN_PLACE_FROM = 65_536;
/** Address space reserved for a long list (128 M values); only what is used is committed. Past it, the list copies. */
const RESERVED_BYTES = 2 ** 30;

/** A buffer that can grow to RESERVED_BYTES in place, or undefined where that cannot be reserved. */
function reserve(byteLength: number): ResizableBuffer | undefined {
  try {
    const buffer = new (ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ResizableBuffer)(byteLength, {
      maxByteLength: RESERVED_BYTES,
    });
    return buffer.resizable ? buffer : undefined;
  } catch {
    // No resizable buffers, or no address space to reserve (ulimit -v): copying still works.
    return undefined;
  }
}

/**
 * An append-only list of doubles in one growable Float64Array: 8 bytes a value, where a number[] of a million
 * results' scores would hold boxed numbers and grow the heap the garbage collector walks.
 *
 * A long list grows in place, in a resizable buffer: doubling by copying left each outgrown array as garbage that V8
 * frees only at its next full collection, which it starts on external memory only every 64 MB or so. At a million
 * values that garbage was as large as the list; a run keeps a list per metric and one of response times in each of
 * two threads, so it was 20–30 MB of a streamed run's peak memory.
 */
export class Float64List {
  private data = new Float64Array(FIRST_CAPACITY);
  /** Set once the list is long: `data` then tracks its length. */
  private growable: ResizableBuffer | undefined;
  /** A list reserves room once; after that (or if that failed) it grows by copying. */
  private reserved = false;
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  private grow(): void {
    const capacity = this.data.length * 2;
    const growable = this.growable;
    if (growable && capacity * 8 <= growable.maxByteLength) {
      try {
        growable.resize(capacity * 8);
        return;
      } catch {
        // The reserved pages could not be committed: copy into a plain array instead, as shorter lists do.
      }
    }
    let buffer: ResizableBuffer | undefined;
    if (!this.reserved && capacity >= IN_PLACE_FROM && capacity * 8 < RESERVED_BYTES) {
      this.reserved = true;
      buffer = reserve(capacity * 8);
    }
    const grown = buffer ? new Float64Array(buffer) : new Float64Array(capacity);
    grown.set(this.data);
    this.data = grown;
    this.growable = buffer;
  }

  /** The values pushed so far (a view, not a copy). */
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
