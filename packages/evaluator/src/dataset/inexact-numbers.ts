import { shortestInteger } from '../migrate/shortest-integer';

/**
 * Numbers a JSON dataset holds that JavaScript cannot read as written: one too large for a double becomes Infinity
 * (`1e400`), an integer with more digits than a double keeps loses the rest (`12345678901234567891` reads as
 * 12345678901234567000). Both are read without a word by JSON.parse, so the task, the metrics and the stored item see
 * another value than the file's. Item ids are refused earlier (normalizeItem); this is about inputs, expected values
 * and metadata.
 */

/** Text that may hold such a number: 16 or more digits in a row, or an exponent of three digits. */
const SUSPECT = /\d{16}|[eE]\+?\d{3}/;
/** Findings reported one by one, at most; later ones are only counted. */
const MAX_NAMED = 3;
/** Deepest nesting walked (a value nested deeper is not looked into). */
const MAX_DEPTH = 64;

/** One number read otherwise than written. */
export interface InexactNumber {
  /** The file line it is on (0 in a .json file). */
  line: number;
  /** Where in the item: `expected`, `input.n`, `metadata.scores[2]`. */
  path: string;
  /** What it was read as: `Infinity`, `12345678901234567000`. */
  readAs: string;
  kind: 'overflow' | 'digits';
}

/**
 * The integers of a JSON text written with more digits than a double keeps, as JSON.parse reads them (a literal
 * 12345678901234567891 gives 12345678901234567000). Empty for text without a run of 16 digits.
 * @internal
 */
export function lossyIntegers(text: string): Set<number> {
  const lossy = new Set<number>();
  if (!/\d{16}/.test(text)) return lossy;
  for (const [token] of text.matchAll(/(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g)) {
    const value = Number(token);
    // Against the integer the shortest text of the double writes (what JSON.stringify writes), not its exact value: a
    // number JSON.stringify wrote (12345678901234567000) reads back as written and is no loss.
    if (Number.isFinite(value) && shortestInteger(value) !== BigInt(token)) lossy.add(value);
  }
  return lossy;
}

/** True when `text` may hold a number JSON.parse reads otherwise than written (16 digits in a row, a 3-digit exponent). @internal */
export function mayHoldInexactNumbers(text: string): boolean {
  return SUSPECT.test(text);
}

/**
 * Collects the numbers of a dataset's raw entries that were not read as written (see above). Only entries whose source
 * text mayHoldInexactNumbers are walked, so a dataset without such numbers costs one regular-expression test per line.
 * @internal
 */
export class InexactNumberCheck {
  readonly named: InexactNumber[] = [];
  /** Entries holding at least one such number. */
  entries = 0;

  private lastSource: string | undefined;
  private suspect = false;
  private lossy: Set<number> | undefined;

  /**
   * Notes a raw entry parsed from `source`: its line, or the whole text of a .json file (the same string for each of
   * its entries, looked at once).
   */
  entry(raw: unknown, line: number, source: string): void {
    if (source !== this.lastSource) {
      this.lastSource = source;
      this.suspect = mayHoldInexactNumbers(source);
      this.lossy = undefined;
    }
    if (!this.suspect) return;
    const lossy = (this.lossy ??= lossyIntegers(source));
    if (typeof raw !== 'object' || raw === null) return;
    const found: InexactNumber[] = [];
    const visit = (value: number, path: string) => {
      const kind = !Number.isFinite(value) ? 'overflow' : lossy.has(value) ? 'digits' : undefined;
      if (kind) found.push({ line, path, readAs: String(value), kind });
    };
    // The id is checked (and a lossy one refused) by normalizeItem.
    for (const key of Object.keys(raw)) if (key !== 'id') walk((raw as Record<string, unknown>)[key], key, 0, visit);
    if (found.length === 0) return;
    this.entries++;
    for (const finding of found) if (this.named.length < MAX_NAMED) this.named.push(finding);
  }
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
};

/**
 * The warning for a dataset file with numbers read otherwise than written, naming the first few (file line, field,
 * value read and why), or undefined when there are none. @internal
 */
export function inexactNumberWarning(where: string | undefined, check: InexactNumberCheck): { message: string; field: string } | undefined {
  if (check.entries === 0) return undefined;
  const prefix = where ? `${where}: ` : '';
  const named = check.named.map((n) => `${n.line ? `line ${n.line} ` : ''}"${n.path}" reads as ${n.readAs} (${WHY[n.kind]})`);
  const items = check.entries === 1 ? '1 item holds a number' : `${check.entries} items hold numbers`;
  return {
    field: check.named[0]!.path,
    message:
      `${prefix}${items} that JSON cannot read as written: ${named.join(', ')}${check.entries > check.named.length ? ', …' : ''}; ` +
      'the task, the metrics and the stored items see the value read. Write such a value as a string (e.g. "1e400") to keep it as written.',
  };
}
