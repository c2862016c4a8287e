import { distance } from 'fastest-levenshtein';
import { ConfigError } from '../errors';
import { CONFIG_OPTION_NAMES } from './config-option-names';

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

const isConfigOption = (key: string) => Object.hasOwn(CONFIG_OPTION_NAMES, key);

const quoted = (key: string) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);

/** `a`, `a and b`, `a, b and c`. */
const listed = (names: string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/**
 * How a config option given in the wrong place is written in config: its value when that is true, false or a number,
 * else `…` (a string may be a database URL holding a password, an object long).
 */
function inConfig(key: string, value: unknown): string {
  const shown = typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) ? String(value) : '…';
  return `${key}: ${shown}`;
}

/**
 * The sentence for config options given beside task, dataset and metrics (or to run()): the evaluator knows them, they
 * belong in config, shown there with the values given.
 */
function misplacedSentence(given: object, keys: string[]): string {
  const shown = keys.slice(0, 5);
  const more = keys.length > 5 ? ` and ${keys.length - 5} more` : '';
  const names = shown.map(quoted);
  const subject = more ? `${names.join(', ')}${more}` : listed(names);
  const values = shown.map((key) => inConfig(key, (given as Record<string, unknown>)[key]));
  return `${subject} ${keys.length === 1 ? 'belongs' : 'belong'} in config: new Evaluator({ …, config: { ${values.join(', ')}${more ? ', …' : ''} } }).`;
}

/**
 * Refuses an option the evaluator does not know, so a misspelt one (`storeRun: false`) fails before anything runs or
 * is stored, instead of being ignored while its default (store the run) applies. `where` names the object, e.g.
 * `config` or `run()`; `known` lists its options. A config option given anywhere else (`new Evaluator({ task,
 * dataset, metrics, storeRuns: false })`) is said to belong in config, not to be unknown. @internal
 */
export function refuseUnknownOptions(given: object, known: readonly string[], where: string): void {
  const notHere = Object.keys(given).filter((key) => !known.includes(key));
  if (notHere.length === 0) return;
  const misplaced = where === 'config' ? [] : notHere.filter(isConfigOption);
  const unknown = notHere.filter((key) => !misplaced.includes(key));
  const sentences: string[] = [];
  if (misplaced.length > 0) sentences.push(misplacedSentence(given, misplaced));
  if (unknown.length === 0) {
    sentences.push(`${where} takes only ${known.join(', ')}: move ${misplaced.length === 1 ? 'it' : 'them'} into config and run again.`);
  } else {
    const named = unknown.slice(0, 5).map((key) => {
      const closest = closestKnown(key, known);
      return closest ? `${quoted(key)} (did you mean ${closest}?)` : quoted(key);
    });
    const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
    sentences.push(
      `${where} has ${unknown.length === 1 ? 'an option' : 'options'} the evaluator does not know: ${named.join(', ')}${more}. ` +
        `Its options are: ${known.join(', ')}. Fix or remove ${unknown.length === 1 ? 'it' : 'them'} and run again.`,
    );
  }
  throw new ConfigError(sentences.join(' '));
}
