import {
  dateRangeBound,
  durationKeySql,
  encodeText,
  escapeLike,
  runTextCondition,
  storedTextContains,
  UNKNOWN_DURATION_SQL,
  type LivenessSnapshot,
  type ParameterBinder,
  type RunState,
  type SqlDialect,
} from '@llm-eval/storage';
import type { FilterNode, NumberField, TextField } from '../query/filter';
import { familyTakesPointReleases } from '../query/model-names';
import { integerComparison } from './integer-bounds';
import { sqlOperator } from './sql-operator';

const TEXT_COLUMNS: Record<Exclude<TextField, 'tag' | 'name'>, string> = {
  project: 'project_id',
  dataset: 'dataset_name',
  model: 'model_name',
  createdBy: 'created_by',
};

const NUMBER_COLUMNS: Record<NumberField, string> = {
  successRate: '"r"."success_rate"',
  // Failed items over all items (skipped items are neither successful nor failed, so this is not 1 - success rate);
  // NULL for a run without items, which no condition on it matches.
  errorRate: 'CASE WHEN "r"."total_items" > 0 THEN CAST("r"."failed_items" AS double precision) / "r"."total_items" END',
  // Compared through durationColumn, by the operator.
  durationSeconds: '"r"."duration_seconds"',
  avgResponseTime: '"r"."avg_response_time"',
  totalItems: '"r"."total_items"',
  failedItems: '"r"."failed_items"',
  totalTokens: '"r"."total_tokens"',
  totalCost: '"r"."total_cost"',
};

/**
 * A run's duration is not known while it runs (or its writer died), when a cancelled run was never finalised, or when
 * it has neither a start time nor a duration given: its stored 0 (or placeholder) is no measurement, so no duration
 * condition matches it, negated or not. Storage's one rule (UNKNOWN_DURATION_SQL, as listRuns' duration bounds use).
 */
const DURATION_KNOWN = `NOT ${UNKNOWN_DURATION_SQL}`;

/**
 * What a duration comparison compares: storage's duration sort key of the direction whose stand-in for an unknown
 * duration fails the comparison anyway (above every bound for `<`, below every bound for `>`), so the comparison is a
 * range of that key's index (IDX_runs_duration_asc_key / desc_key). The guard beside it stays for `<>` and negations.
 */
function durationColumn(operator: string): string {
  return durationKeySql(operator.startsWith('>') ? 'desc' : 'asc');
}

/**
 * A run without items has no success rate (its stored 0 says nothing), so no success-rate condition matches it,
 * negated or not, as no error-rate condition does. Beside the comparison too, for the success-rate index.
 * @internal
 */
export const HAS_ITEMS = `"r"."total_items" > 0`;

/** The guard a field's conditions (and their negations) carry, for the fields whose stored value may be a placeholder. */
const KNOWN: Partial<Record<NumberField, string>> = { durationSeconds: DURATION_KNOWN, successRate: HAS_ITEMS };

function numberCondition(field: NumberField, operator: string, value: string): string {
  const column = field === 'durationSeconds' ? durationColumn(operator) : NUMBER_COLUMNS[field];
  const comparison = `${column} ${operator} ${value}`;
  const known = KNOWN[field];
  return known === undefined ? comparison : `(${comparison} AND ${known})`;
}

/** The guards of the fields a subtree's number conditions compare (each once). */
function guardsOf(node: FilterNode, into = new Set<string>()): Set<string> {
  if (node.kind === 'number') {
    const known = KNOWN[node.field];
    if (known !== undefined) into.add(known);
  } else if (node.kind === 'not') guardsOf(node.child, into);
  else if (node.kind === 'and' || node.kind === 'or') node.children.forEach((c) => guardsOf(c, into));
  return into;
}

/**
 * Compiles a filter tree into one SQL condition over `evaluation_runs "r"`. Every value is a bound parameter;
 * column names come from fixed maps. Speed nodes must have been resolved to numbers first.
 * @internal
 */
export function compileRunFilter(
  node: FilterNode,
  dialect: SqlDialect,
  p: ParameterBinder,
  manyTextMatches: (text: string) => boolean = () => false,
  liveness?: LivenessSnapshot,
): string {
  const recurse = (child: FilterNode) => compileRunFilter(child, dialect, p, manyTextMatches, liveness);
  switch (node.kind) {
    case 'and':
    case 'or': {
      if (node.children.length === 0) return node.kind === 'and' ? '1=1' : '1=0';
      const parts = node.children.map(recurse);
      return `(${parts.join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not': {
      // Negating a duration or success-rate condition must not let a run of unknown duration or without items in.
      const guards = [...guardsOf(node.child)];
      return guards.length ? `(NOT (${recurse(node.child)}) AND ${guards.join(' AND ')})` : `NOT (${recurse(node.child)})`;
    }
    case 'status':
      return statusCondition(node.values, p, liveness);
    case 'field': {
      // Compared in the stored form: NUL and lone surrogates are stored escaped, and PostgreSQL refuses a raw NUL.
      const value = encodeText(node.value);
      if (node.field === 'tag') {
        return `EXISTS (SELECT 1 FROM "run_tags" "t" WHERE "t"."run_id" = "r"."id" AND "t"."tag" = ${p.bind(value)})`;
      }
      if (node.match === 'family') {
        // The family's own name or any name continuing it after a '-' (or a '.', for a version's point releases); the
        // prefix is escaped, so '%' and '_' are literal.
        const model = dialect.lower('"r"."model_name"');
        const like = (separator: string) => `${model} LIKE ${dialect.lower(p.bind(`${escapeLike(value)}${separator}%`))} ESCAPE '\\'`;
        const parts = [`${model} = ${dialect.lower(p.bind(value))}`, like('-'), ...(familyTakesPointReleases(node.value.toLowerCase()) ? [like('.')] : [])];
        // "IS NOT NULL AND": a run without a model does not match, rather than match unknown (NULL), so "not claude" takes it.
        return `("r"."model_name" IS NOT NULL AND (${parts.join(' OR ')}))`;
      }
      if (node.field === 'name') {
        return storedTextContains(dialect, '"r"."name"', node.value, p.bind);
      }
      // A run that records no model, dataset, project or creator does not have this one: the condition is false, not
      // unknown (NULL), so its negation ("model is not gpt-4o") takes the run, as it takes a run of another model.
      const column = `"r"."${TEXT_COLUMNS[node.field]}"`;
      return `(${column} IS NOT NULL AND ${column} = ${p.bind(value)})`;
    }
    case 'time': {
      const parts: string[] = [];
      // storage's bound of a range (`>=` and `<` only): on SQLite a run stored at "…00:00:00" is then on its day.
      if (node.from) parts.push(`"r"."created_at" >= ${p.bind(dateRangeBound(dialect, node.from, 'from'))}`);
      if (node.to) parts.push(`"r"."created_at" < ${p.bind(dateRangeBound(dialect, node.to, 'to'))}`);
      return parts.length ? `(${parts.join(' AND ')})` : '1=1';
    }
    case 'number': {
      // An integer column takes only a whole bound in its range; beyond it the condition matches every run or none.
      const integer = integerComparison(node.field, node.op, node.value);
      if (integer?.kind === 'all') return `${NUMBER_COLUMNS[node.field]} IS NOT NULL`;
      if (integer?.kind === 'none') return '1=0';
      const { op, value } = integer ?? node;
      return numberCondition(node.field, sqlOperator(op), p.bind(value));
    }
    case 'metric':
      return (
        `EXISTS (SELECT 1 FROM "run_metrics" "m" WHERE "m"."run_id" = "r"."id" AND "m"."metric_name" = ${p.bind(encodeText(node.metric))} ` +
        `AND "m"."mean" ${sqlOperator(node.op)} ${p.bind(node.value)})`
      );
    case 'text': {
      const name = p.fresh();
      const { sql, params } = runTextCondition(dialect, node.text, name, manyTextMatches(node.text));
      Object.assign(p.values, params);
      return sql;
    }
    case 'tagged':
      return `EXISTS (SELECT 1 FROM "run_tags" "t" WHERE "t"."run_id" = "r"."id")`;
    case 'speed':
      throw new Error('speed filters must be resolved to response-time thresholds before compiling');
  }
}

/**
 * A status condition. `running` and `abandoned` are both stored as running; they differ by the writer's liveness, as
 * storage's records show them (a silent heartbeat, or a writer process on this host that has exited).
 */
function statusCondition(values: readonly RunState[], p: ParameterBinder, liveness: LivenessSnapshot | undefined): string {
  const stored = values.filter((v) => v !== 'running' && v !== 'abandoned');
  const parts = stored.length ? [`"r"."status" IN ${p.bindList(stored)}`] : [];
  const running = values.includes('running');
  const abandoned = values.includes('abandoned');
  if (running && abandoned) parts.push(`"r"."status" = 'running'`);
  else if (running || abandoned) {
    if (!liveness) throw new Error('a running/abandoned status needs a liveness snapshot before compiling');
    const exited = liveness.exitedRunIds.length ? ` OR "r"."id" IN ${p.bindList(liveness.exitedRunIds)}` : '';
    const gone = `(COALESCE("r"."heartbeat_at", "r"."updated_at") < ${p.bind(liveness.staleBefore)}${exited})`;
    parts.push(`("r"."status" = 'running' AND ${running ? 'NOT ' : ''}${gone})`);
  }
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** True when telling running from abandoned runs matters to the tree (so a liveness snapshot is needed). @internal */
export function needsLiveness(node: FilterNode | null): boolean {
  if (!node) return false;
  if (node.kind === 'status') return node.values.includes('running') !== node.values.includes('abandoned');
  if (node.kind === 'and' || node.kind === 'or') return node.children.some(needsLiveness);
  if (node.kind === 'not') return needsLiveness(node.child);
  return false;
}

/** The free-text values of a tree. @internal */
export function textsOf(node: FilterNode | null): string[] {
  if (!node) return [];
  if (node.kind === 'text') return [node.text];
  if (node.kind === 'and' || node.kind === 'or') return node.children.flatMap(textsOf);
  if (node.kind === 'not') return textsOf(node.child);
  return [];
}
