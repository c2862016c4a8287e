import { createReadStream } from 'node:fs';
import { DatasetError } from '../errors';
import { isLineBreak, LineCount } from './line-count';

/** The line of the first byte `fatal` decoding refuses in `chunk`, counting on from `before` (the lines before it). */
function badLineIn(chunk: Buffer, before: LineCount): number {
  // No line break byte occurs inside a multi-byte UTF-8 character, so each line decodes on its own.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines = before.copy();
  let start = 0;
  for (;;) {
    let end = start;
    while (end < chunk.length && !isLineBreak(chunk[end]!)) end++;
    try {
      decoder.decode(chunk.subarray(start, end), { stream: end === chunk.length });
    } catch {
      return lines.line;
    }
    if (end === chunk.length) return lines.line;
    lines.addAll(chunk.subarray(start, end + 1));
    start = end + 1;
  }
}

/**
 * Refuses a dataset file that is not UTF-8 (a CSV saved as Latin-1 or UTF-16 by a spreadsheet, a binary file):
 * reading it as UTF-8 would silently turn each such character into U+FFFD, and inputs and expected outputs would no
 * longer match what the file says. One streaming pass with a strict decoder; the error names the first bad line.
 * @internal
 */
export async function assertUtf8(file: string): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines = new LineCount();
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8(file, badLineIn(chunk, lines));
    }
    lines.addAll(chunk);
  }
  try {
    decoder.decode();
  } catch {
    throw notUtf8(file, lines.line);
  }
}

function notUtf8(file: string, line: number): DatasetError {
  return new DatasetError(
    'the file is not valid UTF-8; save it as UTF-8 (e.g. `iconv -f latin1 -t utf-8 in.csv > out.csv`, or "CSV UTF-8" in a spreadsheet)',
    file,
    line,
  );
}
