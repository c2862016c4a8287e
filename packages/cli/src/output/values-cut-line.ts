/** The evaluator's default limit of a recorded value (config.maxValueChars). */
const DEFAULT_MAX_VALUE_CHARS = 10_000_000;

/**
 * The closing line of `evaluate` (local or --queue) about values stored cut (the first one was warned about as it
 * happened), or undefined when none was: the stored run and its export differ from the dataset and the task's outputs there.
 */
export function valuesCutLine(valuesCut: number | undefined, limit = DEFAULT_MAX_VALUE_CHARS): string | undefined {
  if (!valuesCut) return undefined;
  const values = valuesCut === 1 ? '1 value was' : `${valuesCut.toLocaleString('en-US')} values were`;
  return `llm-eval: ${values} recorded cut (longer than ${limit.toLocaleString('en-US')} characters, --max-value-chars): the stored run and its export hold a marker where a value was cut.`;
}
