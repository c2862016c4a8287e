import pc from 'picocolors';

/** Colours only on a terminal, never with NO_COLOR or --no-color. */
export function colors(enabled: boolean | undefined = undefined) {
  const on = (enabled ?? true) && !!process.stdout.isTTY && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
  return pc.createColors(on);
}
