import type { ItemInput } from '@llm-eval/storage';
import type { ExportedScore } from '../result/export-format';
import { quoteValue } from './safe-excerpt';

/** What is wrong with a score that is stored as a metric error: not a score at all, or a number that is not finite. */
type Problem = 'invalid' | 'not_finite';

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the text ${quoteValue(value)}`;
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? `the object ${quoteValue(value)}` : `a ${typeof value}`;
}

/**
 * Reads items' scores: a number or a boolean is a score, `{ "error": "…" }` a metric error. Anything else (a score
 * given as text, null, an object without a text error) is stored as a metric error too, and counted, so the import
 * says which metric, how many items and the first one, as it does of an invalid time or cost. NaN, Infinity and
 * -Infinity (what Python's json.dump writes for a metric that returned one) are stored as llm-eval stores a metric
 * that returns one: the metric error "metric returned NaN".
 * @internal
 */
export class ScoreReader {
  private readonly dropped = new Map<string, { metric: string; problem: Problem; count: number; itemId: string; value: unknown }>();

  read(scores: Record<string, ExportedScore> | undefined, itemId: string): ItemInput['scores'] {
    if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) return {};
    // fromEntries defines own keys: a metric named "__proto__" stays a metric.
    return Object.fromEntries(Object.entries(scores).map(([metric, value]) => [metric, this.score(metric, value, itemId)]));
  }

  private score(metric: string, value: unknown, itemId: string): NonNullable<ItemInput['scores']>[string] {
    if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
    const error = (value as { error?: unknown } | null)?.error;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof error === 'string') return { error };
    const problem: Problem = typeof value === 'number' ? 'not_finite' : 'invalid';
    const key = `${problem} ${metric}`;
    const seen = this.dropped.get(key);
    if (seen) seen.count++;
    else this.dropped.set(key, { metric, problem, count: 1, itemId, value });
    return { error: problem === 'not_finite' ? `metric returned ${value}` : `invalid score in export: ${quoteValue(value)}` };
  }

  /** One message per metric and problem: the field, how many items, the first one and its value. */
  warnings(): string[] {
    return [...this.dropped.values()].map(({ metric, problem, count, itemId, value }) => {
      const field = quoteValue(`scores.${metric}`);
      if (problem === 'not_finite') {
        const which = count === 1 ? `of item ${quoteValue(itemId)} is ${value}` : `of ${count} items is NaN or infinite (the first, item ${quoteValue(itemId)}, has ${value})`;
        return (
          `${field} ${which}, not a score (Python's json.dump writes NaN, Infinity and -Infinity for a metric that returned ` +
          'one), so it is stored as a metric error, as llm-eval stores a metric that returns one'
        );
      }
      const which =
        count === 1
          ? `of item ${quoteValue(itemId)} is ${describe(value)}, not a number or a boolean`
          : `of ${count} items is not a number or a boolean (the first, item ${quoteValue(itemId)}, has ${describe(value)})`;
      return `${field} ${which}, so it is stored as a metric error; fix the export and import it again to keep the score`;
    });
  }
}
