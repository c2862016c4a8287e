import { exactTitle } from './format';

/**
 * A formatted number, with the exact value as its title (a tooltip) when the text is rounded or in exponent form:
 * a score of 1e308 shows "1e+308" but can still be read whole.
 */
export function ExactNumber({ value, text }: { value: number | null | undefined; text: string }) {
  const title = exactTitle(value, text);
  return title === undefined ? <>{text}</> : <span title={title}>{text}</span>;
}
