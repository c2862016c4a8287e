/** The evaluator's default limit of a recorded value (config.maxValueChars). */
const DEFAULT_MAX_VALUE_CHARS = 10_000_000;

/**
 * The closing line of `evaluate` (local or --queue) about values stored cut (the first one was warned about as it
 * happened), or undefined when none was: the stored run and its export differ from the dataset and the task's outputs
 * there. `deep` of them were cut for their depth (nested deeper than 500 levels), which no limit changes; the rest were
 * longer than --max-value-chars. Without `deep` (a --queue run counts all cuts together) the line names both causes.
 */
export function valuesCutLine(valuesCut: number | undefined, limit = DEFAULT_MAX_VALUE_CHARS, deep?: number): string | undefined {
  if (!valuesCut) return undefined;
  const count = (n: number) => (n === 1 ? '1 value was' : `${n.toLocaleString('en-US')} values were`);
  const long = `longer than ${limit.toLocaleString('en-US')} characters, --max-value-chars`;
  const nested = 'nested deeper than 500 levels';
  const marker = 'the stored run and its export hold a marker where a value was cut.';
  if (deep === undefined) return `llm-eval: ${count(valuesCut)} recorded cut (${long}, or ${nested}): ${marker}`;
  if (deep === 0) return `llm-eval: ${count(valuesCut)} recorded cut (${long}): ${marker}`;
  if (deep === valuesCut) return `llm-eval: ${count(valuesCut)} recorded cut (${nested}, kept to that depth): ${marker}`;
  return `llm-eval: ${count(valuesCut)} recorded cut (${(valuesCut - deep).toLocaleString('en-US')} ${long}; ${deep.toLocaleString('en-US')} ${nested}): ${marker}`;
}
