import pc from 'picocolors';
import { ownColours, terminalLine } from './terminal-text';

type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colours only on a terminal, never with NO_COLOR or --no-color. Each colour function shows the control characters of
 * the text it is given before colouring it (a run name holding `ESC [ 8 m` is shown as `␛[8m`, not obeyed) and marks
 * its own codes, so print and note keep them and only them (see terminalLine).
 */
export function colors(enabled: boolean | undefined = undefined): Colors {
  const on = (enabled ?? true) && !!process.stdout.isTTY && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
  const plain = pc.createColors(on);
  if (!on) return plain;
  const marked = Object.entries(plain).map(([name, value]) => [
    name,
    typeof value === 'function' ? (text: unknown) => ownColours(value(terminalLine(String(text)))) : value,
  ]);
  return Object.fromEntries(marked) as Colors;
}
