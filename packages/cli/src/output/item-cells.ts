import type { ScoreValue } from '@llm-eval/storage';
import { compactValue } from './format';

/** Text on one line (line breaks shown as ⏎), cut to `max` characters with an ellipsis; null → "–". */
export function oneLine(text: string | null | undefined, max = 40): string {
  if (text === null || text === undefined || text === '') return '–';
  const flat = text.replace(/\r?\n/g, '⏎').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

/** An id that reads the same as its one-line cell: no whitespace but single spaces between other characters. */
const PLAIN_ID = /^\S+(?: \S+)*$/u;

/**
 * An item id in a cell: as oneLine, unless its whitespace would be lost there (oneLine folds every run of whitespace
 * into one space and trims, so "q1", "q1 ", "q1\t" and "q1\u00a0" all printed "q1"): such an id is shown quoted, as a
 * JSON string, with every whitespace character but the space escaped ("q1 " → `"q1 "`, "q1\u00a0" → `"q1\u00a0"`).
 */
export function itemIdText(id: string, max: number): string {
  if (PLAIN_ID.test(id)) return oneLine(id, max);
  const quoted = JSON.stringify(id).replace(/\s/gu, (c) => (c === ' ' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const chars = [...quoted];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : quoted;
}

/** A number with at most `digits` decimals and no trailing zeros: 0.8300 → "0.83", 1 → "1". */
export function compactNumber(value: number, digits = 3): string {
  return String(Number(value.toFixed(digits)));
}

/** One score as text: 0.83 (0.00012: 3 significant digits below 0.001), true/false, or "error". */
export function scoreText(value: ScoreValue | undefined): string {
  if (value === undefined) return '–';
  if (typeof value === 'number') return compactValue(value);
  if (typeof value === 'boolean') return String(value);
  return 'error';
}

/** Scores as "exact_match=1 f1=0.83", in the item's order. */
export function compactScores(scores: Record<string, ScoreValue>): string {
  const parts = Object.entries(scores).map(([metric, value]) => `${metric}=${scoreText(value)}`);
  return parts.length ? parts.join(' ') : '–';
}

/** Below it a p-value is printed as "<0.0001", as the dashboard does. */
const SMALLEST_P_SHOWN = 0.0001;

/**
 * A p-value: 0.042 → "0.042", 0.00031 → "3.1e-4", 0.00000002 → "<0.0001", null → "–". A tiny p is a bound, never 0:
 * over many pairs it underflows to exactly 0, which no test gives (--json keeps the number). Given the significance
 * level, never rounded across it: p = 0.04971 is "0.0497" at alpha = 0.05, not "0.050" beside "improved" (more digits
 * until the text is on p's side of alpha), and below an alpha under 0.0001 a p at or above alpha is printed, not "<0.0001".
 */
export function pValue(value: number | null | undefined, alpha?: number): string {
  if (value === null || value === undefined) return '–';
  const sideOf = (p: number) => alpha === undefined || p < alpha;
  if (value < SMALLEST_P_SHOWN && (alpha === undefined || alpha >= SMALLEST_P_SHOWN || value < alpha)) return `<${SMALLEST_P_SHOWN}`;
  if (value < 0.001) {
    for (let digits = 1; ; digits++) {
      const [mantissa, exponent] = value.toExponential(digits).split('e');
      const text = `${mantissa}e${Number(exponent)}`;
      // 17 significant digits give the double back: on its side whatever alpha is.
      if (sideOf(Number(text)) === sideOf(value) || digits >= 16) return text;
    }
  }
  for (let digits = 3; ; digits++) {
    const text = value.toFixed(digits);
    if (sideOf(Number(text)) === sideOf(value) || digits >= 20) return text;
  }
}
