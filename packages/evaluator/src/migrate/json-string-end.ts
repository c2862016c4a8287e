/**
 * The index of the quote that ends the JSON string whose opening quote is at `start` (a quote after an odd run of
 * backslashes is escaped). For scans of JSON text that must step over strings. @internal
 */
export function jsonStringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}
