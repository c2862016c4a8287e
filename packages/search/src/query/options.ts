import { QuerySyntaxError } from '../errors';
import type { ParseOptions } from './filter';
import type { ResolvedOptions } from './rule';
import { isValidDate, isValidTimeZone } from './time-zone';

/** Applies defaults (now, UTC); an unusable `now` or time zone is reported in `warnings` and replaced. */
export function resolveOptions(options: ParseOptions | undefined, warnings: string[]): ResolvedOptions {
  let now = options?.now instanceof Date ? options.now : new Date();
  if (!isValidDate(now)) {
    warnings.push('the "now" option is not a valid date; using the current time');
    now = new Date();
  }
  let timeZone = typeof options?.timeZone === 'string' && options.timeZone !== '' ? options.timeZone : 'UTC';
  if (!isValidTimeZone(timeZone)) {
    warnings.push(`unknown time zone "${timeZone}"; using UTC`);
    timeZone = 'UTC';
  }
  const metrics = names(options?.metrics) ?? [];
  const models = names(options?.models);
  const tags = names(options?.tags);
  const projects = names(options?.projects);
  const creators = names(options?.creators);
  const fillerWordsInText = names(options?.fillerWordsInText);
  return {
    now,
    timeZone,
    metrics,
    ...(models ? { models } : {}),
    ...(tags ? { tags } : {}),
    ...(projects ? { projects } : {}),
    ...(creators ? { creators } : {}),
    ...(fillerWordsInText ? { fillerWordsInText } : {}),
  };
}

/** Lists already cleaned, by the caller's list: the engine passes the same vocabulary to every parse for a minute. */
const cleaned = new WeakMap<unknown[], { length: number; names: string[] }>();

/**
 * The non-empty strings of a list option; undefined when the option is not a list. The same list (not changed in
 * length) gives the same array, so what is built from it once (the stored models' index) serves every query.
 */
function names(list: unknown): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const hit = cleaned.get(list);
  if (hit && hit.length === list.length) return hit.names;
  const names = list.filter((m): m is string => typeof m === 'string' && m !== '');
  cleaned.set(list, { length: list.length, names });
  return names;
}

/**
 * Runs a parser so that it throws nothing but QuerySyntaxError: an unexpected internal failure is
 * reported as a syntax error at the start of the query (with the original error as `cause`).
 */
export function guarded<T>(text: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw error;
    const wrapped = new QuerySyntaxError('could not understand the query (internal error)', String(text), 0);
    Object.defineProperty(wrapped, 'cause', { value: error, enumerable: false });
    throw wrapped;
  }
}
