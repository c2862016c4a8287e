import { createReadStream } from 'node:fs';

/**
 * The line of `file` on which the record after line `after` begins (1-based): the first line past it that is not
 * blank, as the CSV reader skips blank lines. Used only to name where a malformed record starts: the reader's own
 * line count is wherever it gave up (the end of the file for a quote never closed), not where the record began.
 * @internal
 */
export async function csvRecordLine(file: string, after: number): Promise<number> {
  let line = 1;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 0x0a) line++;
      else if (line > after && byte !== 0x0d) return line;
    }
  }
  return line;
}
