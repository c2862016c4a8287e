import { LONG_SECRET_LENGTH, secretForms } from './secret-forms';

/**
 * The shortest part of a secret masked on its own, for secrets at least this long: an API that cuts a key short (the
 * key minus its last characters, "sk-abc…xyz" with the end replaced) or breaks its line inside it still shows most of
 * it. Twelve characters of a random key are no accident in a message; fewer could be a word.
 */
const MIN_SECRET_PART = 12;

/** Marks `[start, end)` of a text as secret. */
type Cover = (start: number, end: number) => void;

/**
 * The length of the pieces the long forms are indexed by. Every run of MIN_SECRET_PART characters holds a piece that
 * starts at a multiple of it (a run of 12 starting anywhere covers one of the positions 0, 6, 12, …, and 6 more), so
 * only every sixth position of a text is looked up.
 */
const PIECE = MIN_SECRET_PART / 2;

/** Where each PIECE-character piece of the long forms occurs: which form, at which offset. */
interface PartIndex {
  forms: string[];
  pieces: Map<string, Array<[form: number, offset: number]>>;
}

/**
 * A function that replaces every occurrence of the secrets with `***`: each in any spelling of {@link secretForms}
 * (secrets of 4 to 7 characters only as written, percent-encoded or JSON-escaped), and of a long secret also with
 * HTML entities (`&#45;`, `&quot;`) or a line break inside it, and any run of 12 or more of its characters.
 * Overlapping and adjacent occurrences become one `***`. Linear in the text: a body of megabytes takes milliseconds.
 */
export function secretRedactor(secrets: Iterable<string>): (text: string) => string {
  const whole = new Set<string>();
  const long = new Set<string>();
  const partForms = new Set<string>();
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      whole.add(form);
      if (secret.length >= LONG_SECRET_LENGTH) long.add(form);
      if (secret.length >= MIN_SECRET_PART && form.length >= MIN_SECRET_PART) partForms.add(form);
    }
  }
  if (whole.size === 0) return (text) => text;
  const wholeForms = [...whole];
  const longForms = [...long];
  // A form inside another (the key inside `Bearer <key>`) has no run the other has not: only the others are indexed.
  const parts = partIndex([...partForms].filter((form, _, all) => !all.some((other) => other !== form && other.includes(form))));
  return (text) => {
    const mask = new Mask(text.length);
    coverOccurrences(text, wholeForms, mask.cover);
    coverRuns(text, parts, mask.cover);
    const view = longForms.length > 0 ? plainView(text) : undefined;
    if (view) {
      const cover: Cover = (start, end) => mask.cover(view.original(start).start, view.original(end - 1).end);
      coverOccurrences(view.text, longForms, cover);
      coverRuns(view.text, parts, cover);
    }
    return mask.apply(text);
  };
}

function coverOccurrences(text: string, forms: readonly string[], cover: Cover): void {
  for (const form of forms) for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) cover(at, at + form.length);
}

function partIndex(forms: string[]): PartIndex {
  const pieces = new Map<string, Array<[number, number]>>();
  forms.forEach((form, f) => {
    for (let offset = 0; offset + PIECE <= form.length; offset++) {
      const piece = form.slice(offset, offset + PIECE);
      const at = pieces.get(piece);
      if (at) at.push([f, offset]);
      else pieces.set(piece, [[f, offset]]);
    }
  });
  return { forms, pieces };
}

/**
 * Every run of MIN_SECRET_PART or more characters of the text that is part of a long form, as far as it goes either
 * way. White space at either end of a run is left: it is a secret's (the one of `Bearer sk-…`) but the message's too.
 */
function coverRuns(text: string, { forms, pieces }: PartIndex, cover: Cover): void {
  if (pieces.size === 0) return;
  for (let at = 0; at + PIECE <= text.length; at += PIECE) {
    const hits = pieces.get(text.slice(at, at + PIECE));
    if (!hits) continue;
    let farthest = 0;
    for (const [f, offset] of hits) {
      const form = forms[f]!;
      let start = at;
      let end = at + PIECE;
      while (start > 0 && offset - (at - start) > 0 && text.charCodeAt(start - 1) === form.charCodeAt(offset - (at - start) - 1)) start--;
      while (end < text.length && offset + (end - at) < form.length && text.charCodeAt(end) === form.charCodeAt(offset + (end - at))) end++;
      while (start < end && isSpace(text.charCodeAt(start))) start++;
      while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
      if (end - start < MIN_SECRET_PART) continue;
      cover(start, end);
      farthest = Math.max(farthest, end);
    }
    // Up to `farthest` all is covered from `at` on; a run that goes on past it holds a piece at a multiple of PIECE
    // from farthest - 11 on, where the scan goes on.
    if (farthest > 0) at = Math.max(at, Math.ceil((farthest - MIN_SECRET_PART + 1) / PIECE) * PIECE - PIECE);
  }
}

/** The parts of a text marked secret, replaced by `***` at the end: overlapping or touching parts as one. */
class Mask {
  /** +1 where a part starts, -1 where it ends: a position is secret where the running sum is above 0. */
  private edges: Int32Array | undefined;

  constructor(private readonly length: number) {}

  readonly cover = (start: number, end: number): void => {
    if (end <= start) return;
    this.edges ??= new Int32Array(this.length + 1);
    this.edges[start]!++;
    this.edges[end]!--;
  };

  apply(text: string): string {
    const { edges } = this;
    if (!edges) return text;
    const out: string[] = [];
    let depth = 0;
    let from = 0;
    for (let i = 0; i <= text.length; i++) {
      const before = depth;
      depth += edges[i]!;
      if (before === 0 && depth > 0) out.push(text.slice(from, i), '***');
      else if (before > 0 && depth === 0) from = i;
    }
    out.push(text.slice(from));
    return out.join('');
  }
}

/** The text with its HTML entities decoded and its line breaks dropped, and where each of its characters came from. */
interface PlainView {
  text: string;
  /** Where the character at `index` of the view is in the text: itself, or the whole entity it was decoded from. */
  original(index: number): { start: number; end: number };
}

/**
 * An HTML character reference: decimal, hex or named; or a line break with the white space after it (the white space
 * before it is cut off the piece before: a pattern for it would backtrack over every long run of spaces).
 */
const ENTITY_OR_BREAK = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,8}));|[\r\n]\s*/g;

/** The named entities an escaper writes for the characters of a key (`&quot;`, `&sol;`, `&equals;`, `&plus;`…). */
const NAMED_ENTITIES = new Map(
  Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', equals: '=', plus: '+', colon: ':', lowbar: '_', num: '#', percnt: '%', period: '.', comma: ',', excl: '!', quest: '?' }),
);

/**
 * An HTML error page escapes a key's characters (`sk&#45;…`), a wrapped line breaks it: the same text as the API meant
 * it, mapped back so that what is found in it is masked in the text as written. Undefined when nothing differs.
 */
function plainView(text: string): PlainView | undefined {
  if (!/[&\r\n]/.test(text)) return undefined;
  // One segment per piece of the view: where it starts in the view and in the text, and the end of the entity it was
  // decoded from (-1 for a piece taken as written). Ascending in both, so that a position is found by bisection.
  const viewStarts: number[] = [];
  const starts: number[] = [];
  const entityEnds: number[] = [];
  const pieces: string[] = [];
  let length = 0;
  const add = (piece: string, start: number, entityEnd: number) => {
    if (piece === '') return;
    viewStarts.push(length);
    starts.push(start);
    entityEnds.push(entityEnd);
    pieces.push(piece);
    length += piece.length;
  };
  let kept = 0;
  for (const match of text.matchAll(ENTITY_OR_BREAK)) {
    const end = match.index + match[0].length;
    const isBreak = !match[0].startsWith('&');
    const decoded = isBreak ? '' : decodeEntity(match);
    if (decoded === undefined) continue;
    let before = match.index;
    while (isBreak && before > kept && isSpace(text.charCodeAt(before - 1))) before--;
    add(text.slice(kept, before), kept, -1);
    if (!/[\r\n]/.test(decoded)) add(decoded, match.index, end);
    kept = end;
  }
  add(text.slice(kept), kept, -1);
  return {
    text: pieces.join(''),
    original(index) {
      let [low, high] = [0, viewStarts.length - 1];
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (viewStarts[middle]! <= index) low = middle;
        else high = middle - 1;
      }
      if (entityEnds[low]! >= 0) return { start: starts[low]!, end: entityEnds[low]! };
      const at = starts[low]! + index - viewStarts[low]!;
      return { start: at, end: at + 1 };
    },
  };
}

function decodeEntity([, decimal, hex, name]: RegExpMatchArray): string | undefined {
  if (name !== undefined) return NAMED_ENTITIES.get(name.toLowerCase());
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** What `\s` matches, by code unit (a regular expression per character is slow on a long body). */
function isSpace(unit: number): boolean {
  return (
    (unit >= 9 && unit <= 13) || unit === 32 || unit === 0xa0 || unit === 0x1680 || (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 || unit === 0x2029 || unit === 0x202f || unit === 0x205f || unit === 0x3000 || unit === 0xfeff
  );
}
