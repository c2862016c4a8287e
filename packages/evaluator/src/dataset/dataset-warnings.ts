import { distance } from 'fastest-levenshtein';

/** Something about a dataset that is allowed but probably a mistake: a field that is ignored, no expected values. */
export interface DatasetWarning {
  /**
   * `unknown-field`: items have a top-level field the evaluator ignores, or a CSV without an "input" column had its
   * columns become the input (one warning names them all, then one per column that looks like the expected value);
   * `no-expected`: no item has an expected value, yet a metric that compares with it is used;
   * `inexact-number`: a JSON dataset file holds a number JSON.parse reads otherwise than written (`1e400` as
   * Infinity, `1e-400` as 0, `12345678901234567891` as 12345678901234567000).
   */
  code: 'unknown-field' | 'no-expected' | 'inexact-number';
  /** One line that says what was found and what to do. */
  message: string;
  /** The field or column (`unknown-field`; absent when a warning names several columns), or where the first inexact number is (`inexact-number`: `input.n`). */
  field?: string;
  /** The dataset field it probably meant (`unknown-field`), e.g. `expected` for `answer`. */
  suggestion?: string;
}

/** The fields of a dataset item. */
const ITEM_FIELDS = ['id', 'input', 'expected', 'expected_output', 'metadata'];
const FIELD_LIST = 'Fields: id, input, expected (or expected_output), metadata';
/** What other tools and hand-made datasets call the expected value. */
const EXPECTED_SYNONYMS = new Set([
  'answer', 'answers', 'target', 'targets', 'label', 'labels', 'output', 'outputs', 'reference', 'references', 'ref',
  'ground_truth', 'groundtruth', 'gold', 'gold_answer', 'solution', 'correct', 'correct_answer', 'expected_answer',
  'truth', 'ideal', 'completion',
]);
/** Distinct unknown fields reported, at most (a file of free-form records must not print a warning per key). */
const MAX_FIELDS_REPORTED = 5;

/** The dataset field a misnamed one probably meant: a synonym of the expected value, a typo or another spelling. */
export function suggestField(name: string): string | undefined {
  // expectedOutput, Expected-Output and "expected output" all read as expected_output.
  const snake = name.trim().replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[\s-]+/g, '_');
  if (ITEM_FIELDS.includes(snake)) return snake;
  if (EXPECTED_SYNONYMS.has(snake)) return 'expected';
  let best: { field: string; distance: number } | undefined;
  for (const field of ITEM_FIELDS) {
    // Short names are one edit from many words ("q" is two from "id"): only close spellings count.
    const allowed = Math.min(2, Math.floor(Math.min(snake.length, field.length) / 3));
    const edits = distance(snake, field);
    if (edits <= allowed && (!best || edits < best.distance)) best = { field, distance: edits };
  }
  return best?.field;
}

/**
 * Watches a dataset's entries as they are checked and says once, at the end, what looks wrong: top-level fields the
 * evaluator ignores (`"answer"` where `"expected"` was meant scores every item 0 without a word), CSV columns that
 * became part of the input, and whether any item has an expected value.
 * @internal
 */
export class DatasetFieldCheck {
  private readonly unknown = new Map<string, number>();
  private readonly inputColumns = new Set<string>();
  private items = 0;
  private withExpected = 0;

  constructor(private readonly where?: string) {}

  /** Notes one raw entry of a JSON/JSONL file or an array (before normalizeItem). */
  entry(raw: unknown): void {
    this.items++;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    const entry = raw as Record<string, unknown>;
    if (hasValue(entry.expected) || hasValue(entry.expected_output)) this.withExpected++;
    for (const key of Object.keys(entry)) {
      if (ITEM_FIELDS.includes(key)) continue;
      const seen = this.unknown.get(key);
      if (seen !== undefined) this.unknown.set(key, seen + 1);
      else if (this.unknown.size < 100) this.unknown.set(key, 1);
    }
  }

  /**
   * Notes one CSV record by its columns: without an "input" column the other columns are the input, so only one that
   * looks like the expected value is suspicious; with one, every other column is ignored.
   */
  csvRecord(record: Record<string, string>): void {
    const hasInput = 'input' in record;
    this.entry(hasInput ? record : { expected: record.expected, expected_output: record.expected_output });
    if (!hasInput) for (const column of Object.keys(record)) if (!ITEM_FIELDS.includes(column)) this.inputColumns.add(column);
  }

  /** Items seen with an expected value (not undefined, null or an empty CSV cell). */
  get itemsWithExpected(): number {
    return this.withExpected;
  }

  /** The warnings about fields; `no-expected` needs the metrics, so the evaluator adds it (noExpectedWarning). */
  warnings(): DatasetWarning[] {
    const prefix = this.where ? `${this.where}: ` : '';
    const warnings: DatasetWarning[] = [];
    for (const [field, count] of [...this.unknown].slice(0, MAX_FIELDS_REPORTED)) {
      const suggestion = suggestField(field);
      const where = count === this.items ? `every item has it` : `${count} of ${this.items} items have it`;
      const hint = suggestion ? `did you mean "${suggestion}"?` : 'put it inside "input" or "metadata" to keep it.';
      warnings.push({ code: 'unknown-field', field, suggestion, message: `${prefix}"${field}" is not a dataset field and is ignored (${where}); ${hint} ${FIELD_LIST}.` });
    }
    if (this.inputColumns.size > 0) warnings.push(inputColumnsWarning(prefix, [...this.inputColumns]));
    for (const column of this.inputColumns) {
      const suggestion = suggestField(column);
      if (suggestion !== 'expected' && suggestion !== 'expected_output') continue;
      warnings.push({
        code: 'unknown-field',
        field: column,
        suggestion,
        message: `${prefix}the column "${column}" became part of each item's input (without an "input" column every other column is the input); did you mean "${suggestion}"? Columns: id, input, expected (or expected_output), metadata.`,
      });
    }
    return warnings;
  }
}

/**
 * The warning that names the columns of a CSV without an "input" column, which together became each item's input (an
 * object of them): a task written for the text of one column gets an object instead.
 */
function inputColumnsWarning(prefix: string, columns: string[]): DatasetWarning {
  const shown = columns.slice(0, MAX_FIELDS_REPORTED);
  const more = columns.length - shown.length;
  const names = `${shown.map((c) => JSON.stringify(c)).join(', ')}${more ? ` and ${more} more` : ''}`;
  const object = `{${shown.map((c) => `${JSON.stringify(c)}: …`).join(', ')}${more ? ', …' : ''}}`;
  const became = columns.length === 1 ? `the column ${names}` : `the columns ${names}`;
  const fix = columns.length === 1 ? 'name it "input"' : 'name the column that holds the input "input"';
  return {
    code: 'unknown-field',
    ...(columns.length === 1 ? { field: columns[0] } : {}),
    message: `${prefix}the CSV has no "input" column, so ${became} became each item's input (as an object: ${object}); ${fix} to pass its value alone. Columns: id, input, expected (or expected_output), metadata.`,
  };
}

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The warning for a dataset without a single expected value scored by metrics that compare with it. @internal */
export function noExpectedWarning(where: string | undefined, metrics: readonly string[]): DatasetWarning {
  const prefix = where ? `${where}: ` : '';
  const names = metrics.join(', ');
  return {
    code: 'no-expected',
    message: `${prefix}no item has an expected value, so ${names} ${metrics.length === 1 ? 'compares' : 'compare'} every output with nothing; give each item "expected" (or "expected_output").`,
  };
}
