import { CliError } from './errors';
import { parseNumericOption } from './numeric-option';

/** What a success-rate option takes, said in its messages and help. */
export const SUCCESS_RATE_FORMS = 'a fraction from 0 to 1 (0.8) or a percent from 0% to 100% (80%)';

const format = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 20, useGrouping: false });

/** `80%` → 0.8 (0% to 100%); undefined for a value not written as a percent. */
function percent(flag: string, value: unknown, expected: string): number | undefined {
  if (typeof value !== 'string' || !value.trim().endsWith('%')) return undefined;
  const text = value.trim().slice(0, -1).trim();
  const n = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new CliError(`${flag} must be ${expected}, got ${JSON.stringify(value)}.`, 2);
  return n / 100;
}

/**
 * Checks a success rate already read as a number (a percent already divided by 100): from 0 to 1. A bare number above
 * 1 was meant as a percent or is a typo: one reading (80 → 80%) is never guessed, the message gives both spellings.
 */
export function checkSuccessRate(flag: string, rate: number, label = flag): number {
  if (rate > 1) {
    const example = rate <= 100 ? `${format(rate / 100)} or ${format(rate)}%` : '0.8 or 80%';
    throw new CliError(`${flag} ${format(rate)} is above 1: a success rate is a fraction from 0 to 1 or a percent, so write ${example}.`, 2);
  }
  if (!(rate >= 0)) throw new CliError(`${label} must be ${SUCCESS_RATE_FORMS}, got ${format(rate)}.`, 2);
  return rate;
}

/** A success rate as typed: `0.8` or `80%` → 0.8; anything else (`80`, `150%`, `high`) is a usage error (exit 2). */
export function parseSuccessRate(flag: string, value: unknown): number {
  const fromPercent = percent(flag, value, SUCCESS_RATE_FORMS);
  if (fromPercent !== undefined) return fromPercent;
  if (typeof value === 'string' && !Number.isFinite(Number(value.trim() || Number.NaN))) {
    throw new CliError(`${flag} must be ${SUCCESS_RATE_FORMS}, got ${JSON.stringify(value)}.`, 2);
  }
  return checkSuccessRate(flag, parseNumericOption(flag, value, {}));
}

/**
 * A threshold whose scale depends on another option (`--fail-under` checks the success rate, or with --fail-metric a
 * metric's mean of any scale): any number, or a percent (`80%` → 0.8). The success rate's range is checked once the
 * other option is known (checkSuccessRate).
 */
export function parseThreshold(flag: string, value: unknown): number {
  return percent(flag, value, 'a number, or a percent from 0% to 100% (80%)') ?? parseNumericOption(flag, value, {});
}

/** The yargs settings of a success-rate option (as numeric() gives a numeric one). */
export function successRateOption(flag: string): { coerce: (value: unknown) => number; requiresArg: true } {
  return { coerce: (value: unknown) => parseSuccessRate(flag, value), requiresArg: true };
}

/** The yargs settings of a threshold that may be a percent (parseThreshold). */
export function thresholdOption(flag: string): { coerce: (value: unknown) => number; requiresArg: true } {
  return { coerce: (value: unknown) => parseThreshold(flag, value), requiresArg: true };
}
