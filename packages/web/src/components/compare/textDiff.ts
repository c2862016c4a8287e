import { diffLines, diffWords, type Change } from 'diff';

/** Outputs up to this many characters (each) are diffed word by word; longer ones line by line. */
export const WORD_DIFF_LIMIT = 20_000;
/** Only this many characters of each output are diffed and shown: a 1 MB output must not freeze the page. */
export const DIFF_CAP = 200_000;
/** The diff gives up after this long (then the two texts are shown without highlighting). */
export const DIFF_TIMEOUT_MS = 400;

export interface TextDiffResult {
  /** The changes, or null when the diff gave up (too different, too slow). */
  changes: Change[] | null;
  mode: 'words' | 'lines';
  /** Whether either text was cut at DIFF_CAP characters. */
  truncated: boolean;
  a: string;
  b: string;
}

/** The word diff of two short texts, or the line diff of long ones, bounded in size and time. */
export function computeTextDiff(fullA: string, fullB: string): TextDiffResult {
  const truncated = fullA.length > DIFF_CAP || fullB.length > DIFF_CAP;
  const a = fullA.slice(0, DIFF_CAP);
  const b = fullB.slice(0, DIFF_CAP);
  const mode = a.length <= WORD_DIFF_LIMIT && b.length <= WORD_DIFF_LIMIT ? 'words' : 'lines';
  const changes = (mode === 'words' ? diffWords(a, b, { timeout: DIFF_TIMEOUT_MS }) : diffLines(a, b, { timeout: DIFF_TIMEOUT_MS })) ?? null;
  return { changes, mode, truncated, a, b };
}
