import { isLineBreak, LineCount } from './line-count';

const BOM = [0xef, 0xbb, 0xbf];

/**
 * The line each record of a CSV file starts on, counted as editors count lines: "\r\n", "\n" and a lone "\r" each end
 * one line, inside quotes too, and a byte-order mark is none. The CSV reader's own count is of the line a record ends
 * on, and takes a "\r\n" inside quotes for two lines: a duplicate id after a quoted cell of two lines was named lines
 * off. Fed the file's bytes on their way to the reader and asked with the byte offsets the reader gives (which count
 * the byte-order mark); keeps only the bytes past the start of the last record asked about.
 * @internal
 */
export class CsvRecordLines {
  private readonly chunks: Buffer[] = [];
  /** The file offset of the first byte of chunks[0]. */
  private chunksStart = 0;
  /** Everything before `at` is counted: the byte at `at` is on `lines.line`. */
  private at = 0;
  private readonly lines = new LineCount();

  /** Takes the next bytes of the file. */
  add(chunk: Buffer): void {
    if (chunk.length > 0) this.chunks.push(chunk);
  }

  /**
   * The line of the first byte from `from` on (before `end`) that is no line break: where the record the reader ended
   * before `from` is followed by the next (the blank lines the reader skips are no part of it). The line of `from` for
   * a record of nothing but line breaks. `from` never goes back.
   */
  startLine(from: number, end = Infinity): number {
    if (this.at === 0 && BOM.every((byte, i) => this.byteAt(i) === byte)) this.at = BOM.length;
    for (let chunk = this.current(); chunk !== undefined && this.at < from; chunk = this.current()) {
      const start = this.at - this.chunksStart;
      const upTo = Math.min(chunk.length, from - this.chunksStart);
      this.lines.addAll(chunk.subarray(start, upTo));
      this.at += upTo - start;
    }
    const fromLine = this.lines.line;
    for (let byte = this.peek(); byte !== undefined && this.at < end; byte = this.peek()) {
      if (!isLineBreak(byte)) return this.lines.line;
      this.count(byte);
    }
    return fromLine;
  }

  private count(byte: number): void {
    this.lines.add(byte);
    this.at++;
  }

  /** The chunk holding the byte at `at`, once those before it are dropped; undefined past the bytes taken so far. */
  private current(): Buffer | undefined {
    while (this.chunks.length > 0 && this.at - this.chunksStart >= this.chunks[0]!.length) {
      this.chunksStart += this.chunks.shift()!.length;
    }
    return this.chunks[0];
  }

  /** The byte at `at`; undefined past the bytes taken so far. */
  private peek(): number | undefined {
    return this.current()?.[this.at - this.chunksStart];
  }

  private byteAt(offset: number): number | undefined {
    let start = this.chunksStart;
    for (const chunk of this.chunks) {
      if (offset - start < chunk.length) return chunk[offset - start];
      start += chunk.length;
    }
    return undefined;
  }
}
