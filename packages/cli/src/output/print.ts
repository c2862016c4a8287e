/** Writes a line to stdout. */
export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Writes stable JSON (dates as ISO strings) to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes a line to stderr (progress, notes, warnings). */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
