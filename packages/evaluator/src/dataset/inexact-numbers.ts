import { lossOf, numberLiterals, shownLiteral } from '../migrate/lossy-numbers';
import { hasDigitRun, hasThreeDigitExponent } from '../migrate/number-text-scan';
import { quoteValue } from '../migrate/safe-excerpt';
import { shortestInteger } from '../migrate/shortest-integer';

/**
 * Numbers a JSON dataset holds that JavaScript cannot read as written: one too large for a double becomes Infinity
 * (`1e400`), one too small for a double becomes 0 or another small number (`1e-400`, `2.5e-324` reads as 5e-324), an
 * integer with more digits than a double keeps loses the rest (`12345678901234567891` reads as 12345678901234567000).
 * All are read without a word by JSON.parse, so the task, the metrics and the stored item see another value than the
 * file's. Item ids are refused earlier (normalizeItem); this is about inputs, expected values
 * and metadata.
 */

/** The exponent of a number written with one of -100 or below: the ones that may be too small for a double. */
const SMALL_EXPONENT = /[eE]-\d{3,}/g;
/** Findings reported one by one, at most; later ones are only counted. */
const MAX_NAMED = 3;
/** Deepest nesting walked (a value nested deeper is not looked into). */
const MAX_DEPTH = 64;

/** One number read otherwise than written. */
export interface InexactNumber {
  /** The file line it is on (0 in a .json file). */
  line: number;
  /** In a .json file, which has no line per item: the item's index (as item errors and the id `item_<index>` count). */
  index?: number;
  /** In a .json file: the item's id as written, when it has one. */
  id?: string;
  /** Where in the item: `expected`, `input.n`, `metadata.scores[2]`. */
  path: string;
  /** What it was read as: `Infinity`, `12345678901234567000`, `0`. */
  readAs: string;
  /** The number as written (shortened when long), for an underflow: `1e-400`. */
  written?: string;
  kind: 'overflow' | 'digits' | 'underflow';
}

/**
 * The integers of a JSON text written with more digits than a double keeps, as JSON.parse reads them (a literal
 * 12345678901234567891 gives 12345678901234567000). Empty for text without a run of 16 digits.
 * @internal
 */
export function lossyIntegers(text: string): Set<number> {
  const lossy = new Set<number>();
  if (!hasDigitRun(text, 16)) return lossy;
  for (const [token] of text.matchAll(/(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g)) {
    const value = Number(token);
    // Against the integer the shortest text of the double writes (what JSON.stringify writes), not its exact value: a
    // number JSON.stringify wrote (12345678901234567000) reads back as written and is no loss.
    if (Number.isFinite(value) && shortestInteger(value) !== BigInt(token)) lossy.add(value);
  }
  return lossy;
}

/**
 * The numbers of a JSON text too small for a double (read as 0 or another value), with the keys leading to each, found
 * by the import's scan (migrate/lossy-numbers.ts). The text is walked only when a number in it (or in its strings) may
 * be one: written with an exponent of -100 or below that reads otherwise, or after a run of 16 zeros.
 * @internal
 */
export function underflowingNumbers(text: string): { path: string[]; written: string; readAs: string }[] {
  const found: { path: string[]; written: string; readAs: string }[] = [];
  if (!hasDigitRun(text, 16, true) && !smallNumbers(text).some((token) => lossOf(token) === 'underflow')) return found;
  for (const { literal, path } of numberLiterals(text)) {
    if (lossOf(literal) !== 'underflow') continue;
    const value = Number(literal);
    found.push({ path, written: shownLiteral(literal), readAs: value === 0 ? '0' : String(value) });
  }
  return found;
}

/**
 * The numbers of `text` written with an exponent of -100 or below (and look-alikes in its strings). Found from the
 * exponent back: a pattern matching the digits first backtracked over every run of digits, for seconds on a large file.
 */
function smallNumbers(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(SMALL_EXPONENT)) {
    let start = match.index;
    for (let c = text.charCodeAt(start - 1); c === 0x2d /* - */ || c === 0x2e /* . */ || (c >= 0x30 && c <= 0x39); c = text.charCodeAt(start - 1)) start--;
    tokens.push(text.slice(start, match.index + match[0].length));
  }
  return tokens;
}

/**
 * True when `text` may hold a number JSON.parse reads otherwise than written: 16 digits in a row, or an exponent of
 * three digits. Scanned without a regular expression (see number-text-scan.ts). @internal
 */
export function mayHoldInexactNumbers(text: string): boolean {
  return hasDigitRun(text, 16) || hasThreeDigitExponent(text, 'optional');
}

/**
 * Collects the numbers of a dataset's raw entries that were not read as written (see above). Only entries whose source
 * text mayHoldInexactNumbers are walked, so a dataset without such numbers costs one scan of each line.
 * @internal
 */
export class InexactNumberCheck {
  readonly named: InexactNumber[] = [];
  /** Entries holding at least one such number. */
  entries = 0;

  private lastSource: string | undefined;
  private suspect = false;
  private lossy: Set<number> | undefined;
  /** The source's underflowing numbers by the entry they are in (the keys of `at`, joined), with the path in it. */
  private underflows: Map<string, { path: string[]; written: string; readAs: string }[]> | undefined;

  /**
   * Notes a raw entry parsed from `source`: its line, or the whole text of a .json file (the same string for each of
   * its entries, looked at once); `at` is where the entry is in a .json file's text (`['items', '3']`), `index` the
   * entry's index there, named with its id in place of a line.
   */
  entry(raw: unknown, line: number, source: string, at: readonly string[] = [], index?: number): void {
    if (source !== this.lastSource) {
      this.lastSource = source;
      this.suspect = mayHoldInexactNumbers(source);
      this.lossy = undefined;
      this.underflows = undefined;
    }
    if (!this.suspect) return;
    const lossy = (this.lossy ??= lossyIntegers(source));
    if (typeof raw !== 'object' || raw === null) return;
    const found: InexactNumber[] = [];
    const item = line === 0 && index !== undefined ? { index, ...idOf(raw) } : {};
    const visit = (value: number, path: string) => {
      const kind = !Number.isFinite(value) ? 'overflow' : lossy.has(value) ? 'digits' : undefined;
      if (kind) found.push({ line, ...item, path, readAs: String(value), kind });
    };
    // The id is checked (and a lossy one refused) by normalizeItem.
    for (const key of Object.keys(raw)) if (key !== 'id') walk((raw as Record<string, unknown>)[key], key, 0, visit);
    // A number read as 0 cannot be told from a 0 once parsed: these are found in the text.
    this.underflows ??= byEntry(underflowingNumbers(source), at.length);
    for (const { path, written, readAs } of this.underflows.get(at.join('\u0000')) ?? []) {
      if (path[0] !== 'id') found.push({ line, ...item, path: pathText(raw, path), readAs, written, kind: 'underflow' });
    }
    if (found.length === 0) return;
    this.entries++;
    for (const finding of found) if (this.named.length < MAX_NAMED) this.named.push(finding);
  }
}

/** The id an entry gives itself (a number as normalizeItem reads it), if any: an empty one gets `item_<index>`. */
function idOf(raw: object): { id?: string } {
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? { id } : typeof id === 'number' ? { id: String(id) } : {};
}

/** Underflowing numbers grouped by the entry holding them (the first `depth` keys), keeping the path inside it. */
function byEntry(found: { path: string[]; written: string; readAs: string }[], depth: number) {
  const entries = new Map<string, { path: string[]; written: string; readAs: string }[]>();
  for (const { path, written, readAs } of found) {
    if (path.length <= depth) continue;
    const key = path.slice(0, depth).join('\u0000');
    const list = entries.get(key) ?? [];
    list.push({ path: path.slice(depth), written, readAs });
    entries.set(key, list);
  }
  return entries;
}

/** Keys as walk() writes them, `input.n[1]`: an index in brackets where the value at that point is an array. */
function pathText(raw: unknown, path: readonly string[]): string {
  let text = '';
  let value = raw;
  for (const key of path) {
    text = Array.isArray(value) ? `${text}[${key}]` : text ? `${text}.${key}` : key;
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return text;
}

function walk(value: unknown, path: string, depth: number, visit: (value: number, path: string) => void): void {
  if (typeof value === 'number') {
    visit(value, path);
    return;
  }
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], `${path}[${i}]`, depth + 1, visit);
    return;
  }
  for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1, visit);
}

const WHY: Record<InexactNumber['kind'], string> = {
  overflow: 'too large for a number',
  digits: 'more digits than a number keeps',
  underflow: 'too small for a number, whose smallest is about 5e-324',
};

/** Which item a finding is in, before its field: `line 3 ` in JSONL, `item 2 (id "q2") ` in a .json file. */
function placeOf(n: InexactNumber): string {
  if (n.line) return `line ${n.line} `;
  if (n.index === undefined) return '';
  // Quoted safely: an id is the file's text, and may hold control characters or run long.
  return `item ${n.index}${n.id === undefined ? '' : ` (id ${quoteValue(n.id)})`} `;
}

/**
 * The warning for a dataset file with numbers read otherwise than written, naming the first few (file line or item,
 * field, value read and why), or undefined when there are none. @internal
 */
export function inexactNumberWarning(where: string | undefined, check: InexactNumberCheck): { message: string; field: string } | undefined {
  if (check.entries === 0) return undefined;
  const prefix = where ? `${where}: ` : '';
  const named = check.named.map((n) => `${placeOf(n)}"${n.path}" ${n.written ? `${n.written} ` : ''}reads as ${n.readAs} (${WHY[n.kind]})`);
  const items = check.entries === 1 ? '1 item holds a number' : `${check.entries} items hold numbers`;
  return {
    field: check.named[0]!.path,
    message:
      `${prefix}${items} that JSON cannot read as written: ${named.join(', ')}${check.entries > check.named.length ? ', …' : ''}; ` +
      'the task, the metrics and the stored items see the value read. Write such a value as a string (e.g. "1e400") to keep it as written.',
  };
}
