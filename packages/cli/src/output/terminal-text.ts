import { randomBytes } from 'node:crypto';

// Control characters a terminal acts on: C0 (but tab and line feed), DEL, C1, and the bidirectional embeddings,
// overrides and isolates that reorder what follows them. Every ESC is one of them, colour sequences (SGR) included:
// stored text holding `ESC [ 8 m` (conceal) or `ESC [ 30 ; 40 m` would hide the rest of a row. The line and paragraph
// separators (U+2028, U+2029; NEL, VT and FF are C0/C1) start a new line in pagers, editors and some terminals.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same and line feeds: for text that must stay on its line (a table cell, a field such as a run's name).
const CONTROL_OR_LINE_FEED = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// What stands for ESC in the colour codes the CLI adds itself (colors(), renderTable) until a line is written: a
// string drawn afresh by each process, which no stored text can hold, so text from a database, a dataset or a task can
// never pass for one of our colours. Private-use characters around it keep it from joining with what surrounds it.
const OWN_ESC = `\uE000${randomBytes(8).toString('hex')}\uE001`;

/**
 * Text for a terminal with every control character shown instead of obeyed: a model output, an item id or a run name
 * holding `ESC ] 0 ; … BEL` (window title), `ESC [ 2 J` (clear screen), `ESC [ 8 m` (conceal), OSC 52 (clipboard) or
 * U+202E must not act on the terminal of whoever lists it. C0 characters become their Unicode control pictures
 * (ESC → ␛, NUL → ␀), the others `\u{…}`. Apply it to human output only: --json and exports keep the text as stored.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL, shown);
}

/** A control character as it is shown: a C0 one (but tab) as its control picture (LF → ␊), DEL as ␡, others `\u{…}`. */
function shown(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `\\u{${code.toString(16)}}`;
}

/**
 * Text that stays on one line: terminalText, and line feeds shown as ␊ too. For a table cell or a one-line field
 * (a run's name, tags, an error message): stored text holding `\n│ FAKE …` would otherwise print as a row of its own.
 * Tabs are kept (a table measures them as one column; they never start a line).
 */
export function terminalField(text: string): string {
  return text.replace(CONTROL_OR_LINE_FEED, (c) => (c === '\t' ? c : shown(c)));
}

/**
 * Marks the escape sequences of `text` as the CLI's own colours, to survive terminalLine. Only for text whose every ESC
 * the CLI wrote: a colour function's or a table's output, made from text terminalLine already went over.
 */
export function ownColours(text: string): string {
  return text.replaceAll('\x1b', OWN_ESC);
}

/**
 * A line as it is written (print, note, renderTable's cells): every control character of the text shown (terminalText),
 * then the colours the CLI added itself (ownColours) turned back into escape sequences. With colours off (NO_COLOR,
 * not a terminal) there are none, so no ESC at all reaches the output.
 */
export function terminalLine(text: string): string {
  return terminalText(text).replaceAll(OWN_ESC, '\x1b');
}

/** terminalLine for a table cell or a one-line field: its line feeds are shown too (terminalField). */
export function terminalFieldLine(text: string): string {
  return terminalField(text).replaceAll(OWN_ESC, '\x1b');
}
