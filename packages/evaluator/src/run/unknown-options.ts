import { distance } from 'fastest-levenshtein';
import { ConfigError } from '../errors';

const camel = (name: string) => name.replace(/[_-]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());

/**
 * The known option `name` was most likely meant as: the same name in snake_case or kebab-case (`store_runs`, the
 * Python tool's spelling) or another case, else the closest at most two edits away (`storeRun`). Metric names are
 * suggested the same way (`exact_mach` → `exact_match`).
 */
export function closestKnown(name: string, known: readonly string[]): string | undefined {
  const folded = camel(name).toLowerCase();
  const sameName = known.find((option) => option.toLowerCase() === folded);
  if (sameName) return sameName;
  let best: { option: string; edits: number } | undefined;
  for (const option of known) {
    const edits = distance(name.toLowerCase(), option.toLowerCase());
    if (edits <= 2 && edits < name.length && (!best || edits < best.edits)) best = { option, edits };
  }
  return best?.option;
}

/**
 * Refuses an option the evaluator does not know, so a misspelt one (`storeRun: false`) fails before anything runs or
 * is stored, instead of being ignored while its default (store the run) applies. `where` names the object, e.g.
 * `config` or `run()`; `known` lists its options. @internal
 */
export function refuseUnknownOptions(given: object, known: readonly string[], where: string): void {
  const unknown = Object.keys(given).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const named = unknown.slice(0, 5).map((key) => {
    const closest = closestKnown(key, known);
    const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
    return closest ? `${shown} (did you mean ${closest}?)` : shown;
  });
  const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
  throw new ConfigError(
    `${where} has ${unknown.length === 1 ? 'an option' : 'options'} the evaluator does not know: ${named.join(', ')}${more}. ` +
      `Its options are: ${known.join(', ')}. Fix or remove ${unknown.length === 1 ? 'it' : 'them'} and run again.`,
  );
}
