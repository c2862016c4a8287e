import { setFlagsFromString } from 'node:v8';

let enabled = false;

/**
 * Lets V8 finish a regular expression that backtracks excessively on its linear-time engine instead of backtracking
 * for hours: a pattern taken from the data (`regex` reads each item's expected value as its pattern) such as
 * `^(a+)+$` against "aaaa…ab" would otherwise hold the evaluation thread, every other item and Ctrl-C with it. The
 * answer is the same on either engine; V8 switches only after 50,000 backtracks, so ordinary matching is unchanged.
 * Patterns the linear engine cannot run (backreferences, lookaround) still backtrack. A process-wide V8 flag, set
 * once, the first time a `regex` metric scores an item (V8 compiles a RegExp when it first runs it, so a pattern
 * made before then gets the fallback too).
 */
export function enableLinearRegExpFallback(): void {
  if (enabled) return;
  enabled = true;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
}
