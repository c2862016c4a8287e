import { CONNECTIVE_WORDS } from './connectives';
import { MONTH_NAMES } from './chrono-dates';
import { OPERATOR_WORDS } from './comparison';
import { DURATION_VERBS, SPEED_WORDS } from './duration-conditions';
import { RELATIVE_DATE_WORDS, WEEKDAYS } from './relative-dates';
import { SORT_WORDS } from './sort-and-limit';
import { RUN_STATUS_WORDS } from './status-words';
import { STOP_WORDS } from './stop-words';
import { TIME_PREPOSITIONS } from './time-phrases';

/** Words that introduce a field in plain words ("project demo", "tagged nightly", "by ana"). */
export const FIELD_WORDS: ReadonlySet<string> = new Set([
  'project', 'dataset', 'model', 'tag', 'tags', 'tagged', 'by', 'named', 'called', 'name', 'user', 'author',
]);

const RESERVED: ReadonlySet<string> = new Set([
  ...STOP_WORDS, ...RUN_STATUS_WORDS.keys(), ...SPEED_WORDS.keys(), ...DURATION_VERBS, ...OPERATOR_WORDS,
  ...TIME_PREPOSITIONS, ...RELATIVE_DATE_WORDS, ...WEEKDAYS.keys(), ...MONTH_NAMES, ...SORT_WORDS,
  ...CONNECTIVE_WORDS, ...FIELD_WORDS,
]);

/**
 * True when a word has a meaning of its own in the query language, so it cannot be the value of a
 * field written in words ("on failed" is not a dataset called "failed").
 */
export function isReservedWord(lower: string): boolean {
  return RESERVED.has(lower);
}
