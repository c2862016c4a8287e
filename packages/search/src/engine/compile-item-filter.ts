import { encodeText, itemScoreSql, jsonInStoredForm, jsonPathOf, storedTextContains, type ParameterBinder, type SqlDialect } from '@llm-eval/storage';
import type { ItemFilterNode, ParsedItemQuery } from '../query/filter';
import { sqlOperator } from './sql-operator';

const TEXT_COLUMNS = {
  output: ['actual_output'],
  error: ['error_message', 'error_type'],
  expected: ['expected_output'],
  id: ['item_id'],
  any: ['item_id', 'actual_output', 'expected_output', 'error_message'],
} as const;

/**
 * True when a string or number anywhere in the item's input (stored as JSON) contains the pattern: its values, not its
 * keys or JSON punctuation, read unescaped, so `say "hi"` finds the text it was given. An input stored as text that is
 * not JSON (written by hand into the table) is searched as it is.
 */
function inputContains(dialect: SqlDialect, text: string, p: ParameterBinder): string {
  if (dialect.kind === 'postgres') {
    return (
      // The column is json (it keeps the input's key order); the path query needs jsonb. Escapes storage never writes
      // (another tool's NUL or lone surrogate) are read in the stored form, which jsonb takes.
      `EXISTS (SELECT 1 FROM jsonb_path_query(${jsonInStoredForm(dialect, '"i"."input"', p.bind)}, 'strict $.**') AS "v"(value) ` +
      `WHERE jsonb_typeof("v".value) IN ('string', 'number') AND ${storedTextContains(dialect, `("v".value #>> '{}')`, text, p.bind)})`
    );
  }
  return (
    `(CASE WHEN json_valid("i"."input") THEN EXISTS (SELECT 1 FROM json_tree(${jsonInStoredForm(dialect, '"i"."input"', p.bind)}) AS "v" ` +
    `WHERE "v"."type" IN ('text', 'integer', 'real') AND ${storedTextContains(dialect, '"v"."value"', text, p.bind)}) ` +
    `ELSE ${storedTextContains(dialect, `COALESCE("i"."input", '')`, text, p.bind)} END)`
  );
}

function score(dialect: SqlDialect, metric: string, p: ParameterBinder) {
  const metricParam = p.fresh();
  const pathParam = p.fresh();
  // Score keys are stored in storage's stored form (stored-text.ts): U+FDD0 and lone surrogates escaped.
  const stored = encodeText(metric);
  p.values[metricParam] = stored;
  p.values[pathParam] = jsonPathOf(stored);
  return itemScoreSql(dialect, metricParam, pathParam);
}

/** Compiles an item filter tree into one SQL condition over `evaluation_items "i"`, values bound. @internal */
export function compileItemFilter(node: ItemFilterNode, dialect: SqlDialect, p: ParameterBinder): string {
  switch (node.kind) {
    case 'and':
    case 'or': {
      if (node.children.length === 0) return node.kind === 'and' ? '1=1' : '1=0';
      return `(${node.children.map((c) => compileItemFilter(c, dialect, p)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      return `NOT (${compileItemFilter(node.child, dialect, p)})`;
    case 'status': {
      const condition = `"i"."status" IN ${p.bindList(node.values)}`;
      // Lets both databases use the partial index of non-completed items.
      return node.values.includes('completed') ? condition : `(${condition} AND "i"."status" <> 'completed')`;
    }
    case 'score': {
      const s = score(dialect, node.metric, p);
      return `(${s.numeric} AND ${s.value} ${sqlOperator(node.op)} ${p.bind(node.value)})`;
    }
    case 'responseTime':
      return `"i"."response_time" ${sqlOperator(node.op)} ${p.bind(node.value)}`;
    case 'text': {
      // An empty column (no output, no error) does not contain the text: false, not SQL's unknown, so "not containing
      // x" takes an item without output as it takes one whose output lacks x.
      if (node.in === 'input') return inputContains(dialect, node.text, p);
      const parts = TEXT_COLUMNS[node.in].map((c) => storedTextContains(dialect, `COALESCE("i"."${c}", '')`, node.text, p.bind));
      return `(${parts.join(' OR ')})`;
    }
  }
}

/** The SQL an item sort orders by; missing values sort lowest. @internal */
export function itemSortExpression(sort: NonNullable<ParsedItemQuery['sort']>, dialect: SqlDialect, p: ParameterBinder): string {
  if (sort.field === 'sequenceNumber') return '"i"."sequence_number"';
  if (sort.field === 'responseTime') return 'COALESCE("i"."response_time", -1e300)';
  const s = score(dialect, sort.metric ?? '', p);
  return `(CASE WHEN ${s.numeric} THEN ${s.value} ELSE -1e300 END)`;
}
