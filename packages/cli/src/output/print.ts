import { terminalLine } from './terminal-text';

// The CLI's own writer to stdout, taken before any user code (a task, a metric module) is loaded: while
// redirectForeignStdout() is on, everything else written to process.stdout goes to stderr, and stdout carries only
// what llm-eval prints (the --json document stays parseable).
const writeStdout: typeof process.stdout.write = process.stdout.write.bind(process.stdout);

let keepRunning = false;

/**
 * For a command that changes stored state as it goes (evaluate, worker, serve): a closed stdout or stderr pipe
 * (`| head`, a terminal gone) must not end it mid-run, which would leave its run running with nobody to finish it.
 * Its output is dropped instead. Other commands stop quietly when stdout closes.
 */
export function keepRunningWithoutOutput(): void {
  keepRunning = true;
}

/** What to do when a write to stdout or stderr failed (bin.ts listens): true when the process should exit now. */
export function exitOnOutputError(stream: 'stdout' | 'stderr', code: string | undefined): boolean {
  if (code !== 'EPIPE') return false;
  return stream === 'stdout' && !keepRunning;
}

/** Writes a line to stdout (control characters of stored text shown, not obeyed; only our colours kept: see terminalLine). */
export function print(line = ''): void {
  writeStdout(`${terminalLine(line)}\n`);
}

/** Writes stable JSON (dates as ISO strings) to stdout. */
export function printJson(value: unknown): void {
  writeStdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A line drawn in place on stderr, without a line break (a progress bar on a terminal). */
export interface LiveLine {
  /** Draws the line again, after a note took its place. */
  redraw(): void;
}

let liveLine: LiveLine | undefined;

/**
 * Makes `line` the line notes clear before they are written and draw again after (until the returned function is
 * called): a warning written mid-run would otherwise continue the progress bar's line instead of starting its own.
 */
export function holdLiveLine(line: LiveLine): () => void {
  liveLine = line;
  return () => {
    if (liveLine === line) liveLine = undefined;
  };
}

/** Writes a line to stderr (progress, notes, warnings), control characters shown as print does; on a line of its own. */
export function note(line: string): void {
  // Back to the start of the live line, cleared (CR, erase line), so the note replaces it; the line follows the note.
  const clear = liveLine ? '\r\u001b[2K' : '';
  process.stderr.write(`${clear}${terminalLine(line)}\n`);
  liveLine?.redraw();
}

/**
 * Sends every write to process.stdout that does not come from print/printJson (a task's console.log, console.info,
 * console.debug, process.stdout.write) to stderr instead, for the rest of the process.
 */
export function redirectForeignStdout(): void {
  const toStderr = (...args: unknown[]) => (process.stderr.write as (...a: unknown[]) => boolean)(...args);
  process.stdout.write = toStderr as typeof process.stdout.write;
}

/** Resolves once everything written to stdout and stderr so far has been handed to the operating system. */
export function flushOutput(): Promise<void> {
  // A stream that can no longer write (a closed pipe) may never call back: give up waiting after a few seconds.
  const flushed = (write: (chunk: string, callback: () => void) => boolean) =>
    new Promise<void>((resolve) => {
      setTimeout(resolve, 5_000).unref();
      write('', () => resolve());
    });
  return Promise.all([
    flushed((chunk, callback) => writeStdout(chunk, callback)),
    flushed((chunk, callback) => process.stderr.write(chunk, callback)),
  ]).then(() => undefined);
}
