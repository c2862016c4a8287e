/**
 * An append-only list of doubles in one growable Float64Array: 8 bytes a value, where a number[] of a million
 * results' scores would hold boxed numbers and grow the heap the garbage collector walks.
 */
export class Float64List {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** The values pushed so far (a view, not a copy). */
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
