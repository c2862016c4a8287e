import { pathOf, type Step } from './json-body';

/**
 * How deep a stored JSON value (a run's config, metricConfigs or environment, an item's input or metadata) may nest:
 * storage's limit for items. SQLite's JSON functions stop at 1,000 levels, so a deeper value makes the insert fail
 * with "malformed JSON", and one deep enough overflows the stack of JSON.stringify: both were 500s.
 */
export const MAX_JSON_DEPTH = 500;

/**
 * The path (from `root`) of the first array or object nested more than `limit` levels deep in `value` (the value
 * itself, when it is an array or object, is level 1), or null when there is none. Iterative: any depth is safe.
 */
export function tooDeepPath(value: unknown, root: string, limit = MAX_JSON_DEPTH): string | null {
  const stack: Array<{ step: Step; depth: number }> = [{ step: { value, key: root, parent: null }, depth: 1 }];
  while (stack.length > 0) {
    const { step, depth } = stack.pop()!;
    const v = step.value;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return pathOf(step);
    const entries: Array<[string, unknown]> = Array.isArray(v) ? v.map((e, i) => [String(i), e]) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (child !== null && typeof child === 'object') stack.push({ step: { value: child, key, parent: step }, depth: depth + 1 });
    }
  }
  return null;
}

/** What a 400 (or a rejected item) says of a value nested too deep. */
export const TOO_DEEP_MESSAGE = `nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep, more than can be stored; flatten it`;
