import { createReadStream } from 'node:fs';

/**
 * The lines of a text file (split on "\n", as `text.split('\n')` would), read in chunks: a JSONL export of a few
 * hundred megabytes is more than one string can hold (V8's limit is about 512 MB), while each of its lines is small.
 * A byte-order mark at the start is dropped. @internal
 */
export async function readLines(path: string): Promise<string[]> {
  const lines: string[] = [];
  let rest = '';
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    let text = rest + (chunk as string);
    if (first) {
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      first = false;
    }
    let from = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', from)) {
      lines.push(text.slice(from, at));
      from = at + 1;
    }
    rest = text.slice(from);
  }
  lines.push(rest);
  return lines;
}
