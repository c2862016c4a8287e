import { createReadStream } from 'node:fs';
import { DatasetError } from '../errors';

const NEWLINE = 0x0a;

/** The 1-based line of the first byte `fatal` decoding refuses in `chunk`, counting from `firstLine`. */
function badLineIn(chunk: Buffer, firstLine: number): number {
  // A newline byte never occurs inside a multi-byte UTF-8 sequence, so each line decodes on its own.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = firstLine;
  let start = 0;
  for (;;) {
    const end = chunk.indexOf(NEWLINE, start);
    try {
      decoder.decode(chunk.subarray(start, end === -1 ? chunk.length : end), { stream: end === -1 });
    } catch {
      return line;
    }
    if (end === -1) return line;
    line++;
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
  let line = 1;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8(file, badLineIn(chunk, line));
    }
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) line++;
  }
  try {
    decoder.decode();
  } catch {
    throw notUtf8(file, line);
  }
}

function notUtf8(file: string, line: number): DatasetError {
  return new DatasetError(
    'the file is not valid UTF-8; save it as UTF-8 (e.g. `iconv -f latin1 -t utf-8 in.csv > out.csv`, or "CSV UTF-8" in a spreadsheet)',
    file,
    line,
  );
}
