// Control characters a terminal acts on: C0 (but tab and line feed), DEL, C1, and the bidirectional embeddings,
// overrides and isolates that reorder what follows them. An escape sequence is matched whole when it is a colour
// (SGR, `ESC [ … m`: what picocolors writes), so the colours the CLI adds survive.
const CONTROL = /\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a terminal with every control character shown instead of obeyed: a model output, an item id or a run name
 * holding `ESC ] 0 ; … BEL` (window title), `ESC [ 2 J` (clear screen), OSC 52 (clipboard) or U+202E must not act on
 * the terminal of whoever lists it. C0 characters become their Unicode control pictures (ESC → ␛, NUL → ␀), the others
 * `\u{…}`; colour sequences (SGR) are kept. Apply it to human output only: --json and exports keep the text as stored.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c.length > 1) return c;
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `\\u{${code.toString(16)}}`;
  });
}
