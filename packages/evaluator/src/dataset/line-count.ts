const CR = 0x0d;
const LF = 0x0a;

/** Whether a byte is one of a line break's ("\r" or "\n"; neither occurs inside a multi-byte UTF-8 character). @internal */
export function isLineBreak(byte: number): boolean {
  return byte === CR || byte === LF;
}

/**
 * The line a file's next byte is on, counted as editors count lines: "\r\n", "\n" and a lone "\r" each end one line.
 * Fed the bytes in order, in any pieces (a "\r\n" may be cut between two).
 * @internal
 */
export class LineCount {
  line = 1;
  /** Whether the last byte was a "\r", whose "\n" ends no line of its own. */
  private afterCr = false;

  add(byte: number): void {
    if (byte === CR || (byte === LF && !this.afterCr)) this.line++;
    this.afterCr = byte === CR;
  }

  /** As add for each byte; with indexOf, as a dataset of a million lines is counted on each of its passes. */
  addAll(bytes: Buffer): void {
    if (bytes.length === 0) return;
    for (let i = bytes.indexOf(CR); i !== -1; i = bytes.indexOf(CR, i + 1)) this.line++;
    for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) if (!(i === 0 ? this.afterCr : bytes[i - 1] === CR)) this.line++;
    this.afterCr = bytes[bytes.length - 1] === CR;
  }

  copy(): LineCount {
    const copy = new LineCount();
    copy.line = this.line;
    copy.afterCr = this.afterCr;
    return copy;
  }
}
