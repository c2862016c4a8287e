import { Fragment, type ReactNode } from 'react';

/**
 * Characters that change how the text around them is shown rather than being seen: C0 controls but tab and newline
 * (NUL, ESC …), DEL, and the bidirectional controls — embeddings, overrides, isolates and marks (U+202A–U+202E,
 * U+2066–U+2069, U+200E, U+200F, U+061C), with which a name such as "abc\u202Egnp.exe" would read "abcexe.png".
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The bidirectional controls by code point: their usual abbreviation and Unicode name. */
const BIDI: Record<number, [string, string]> = {
  0x061c: ['ALM', 'ARABIC LETTER MARK'],
  0x200e: ['LRM', 'LEFT-TO-RIGHT MARK'],
  0x200f: ['RLM', 'RIGHT-TO-LEFT MARK'],
  0x202a: ['LRE', 'LEFT-TO-RIGHT EMBEDDING'],
  0x202b: ['RLE', 'RIGHT-TO-LEFT EMBEDDING'],
  0x202c: ['PDF', 'POP DIRECTIONAL FORMATTING'],
  0x202d: ['LRO', 'LEFT-TO-RIGHT OVERRIDE'],
  0x202e: ['RLO', 'RIGHT-TO-LEFT OVERRIDE'],
  0x2066: ['LRI', 'LEFT-TO-RIGHT ISOLATE'],
  0x2067: ['RLI', 'RIGHT-TO-LEFT ISOLATE'],
  0x2068: ['FSI', 'FIRST STRONG ISOLATE'],
  0x2069: ['PDI', 'POP DIRECTIONAL ISOLATE'],
};

/**
 * How a control character is shown: C0 ones as their Unicode control picture (U+2400 + code: ␀, ␛ …; DEL is ␡), a
 * bidirectional one as its abbreviation in angle brackets (⟨RLO⟩), so it neither vanishes nor acts on the page.
 */
export function controlToken(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `⟨${BIDI[code]?.[0] ?? `U+${code.toString(16).toUpperCase()}`}⟩`;
}

/** A control character's code point and name, for a tooltip ("U+202E RIGHT-TO-LEFT OVERRIDE"). */
function controlName(c: string): string {
  const code = c.charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return BIDI[code] ? `${hex} ${BIDI[code][1]}` : hex;
}

/** Stored text as a string to show (titles, options, previews): every control character visible (controlToken). */
export function visibleText(text: string): string {
  return text.replace(CONTROL, controlToken);
}

/**
 * Stored text as shown on the page: each control character as its token in a marked `.control-char` span (its code
 * point and name in the title), everything else as written. Links and data attributes keep the stored text.
 */
export function ShownText({ text }: { text: string }): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(CONTROL)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(
      <span key={match.index} className="control-char" title={controlName(match[0])}>
        {controlToken(match[0])}
      </span>,
    );
    last = match.index + 1;
  }
  if (last === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return <Fragment>{parts}</Fragment>;
}

/**
 * Text someone stored — a run, project, dataset or model name, a tag — shown inline next to the dashboard's own words.
 *
 * It is a `<bdi>`: its direction is isolated, so right-to-left text cannot reorder the words around it ("Compare A →
 * B"), and control characters inside it are shown, not obeyed (ShownText): an override (U+202E) cannot reverse the
 * name itself ("abc\u202Egnp.exe" reads "abc⟨RLO⟩gnp.exe", not "abcexe.png"). Long values without spaces never widen
 * the page: they wrap anywhere, or with `truncate` stay on one line cut with an ellipsis, the whole value in the title
 * (hover) — tables use that, so one long name does not push the other columns out of view. Styles: `.user-text` and
 * `.control-char` in styles.css.
 */
export function UserText({ text, truncate = false }: { text: string; truncate?: boolean }) {
  return (
    <bdi className={truncate ? 'user-text truncate' : 'user-text'} title={truncate ? visibleText(text) : undefined}>
      <ShownText text={text} />
    </bdi>
  );
}
