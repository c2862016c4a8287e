import { randomBytes } from 'node:crypto';

// Control characters a terminal acts on: C0 (but tab and line feed), DEL, C1, and the bidirectional embeddings,
// overrides and isolates that reorder what follows them. Every ESC is one of them, colour sequences (SGR) included:
// stored text holding `ESC [ 8 m` (conceal) or `ESC [ 30 ; 40 m` would hide the rest of a row.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

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
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `\\u{${code.toString(16)}}`;
  });
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
