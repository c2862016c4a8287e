import type { DataSource } from 'typeorm';
import { encodeText, type SqlDialect } from '@llm-eval/storage';
import { quote } from '../query/explain';
import type { FilterNode, TextField } from '../query/filter';

/** Fields matched exactly as written, with how a warning names them. */
const EXACT_FIELDS: ReadonlyMap<TextField, { column: string; label: string }> = new Map([
  ['dataset', { column: 'dataset_name', label: 'dataset' }],
  ['project', { column: 'project_id', label: 'project' }],
  ['createdBy', { column: 'created_by', label: 'creator' }],
]);
/** Most spellings named in one warning. */
const MAX_SPELLINGS = 3;

/**
 * Warnings for a dataset, project or creator that no run in scope has as written but some run has in another case:
 * those fields match exactly, so `dataset:QA_CAPITALS` found nothing beside "qa_capitals" without a word (`tag:`
 * already named the stored spelling). One indexed look-up per value named; the case-insensitive scan only for a value
 * no run has. Nothing inside a negation, which matches every run either way. @internal
 */
export async function fieldCaseWarnings(
  dataSource: DataSource,
  dialect: SqlDialect,
  filter: FilterNode | null,
  projectIds: readonly string[] | undefined,
): Promise<string[]> {
  const named = new Map<string, { field: TextField; value: string }>();
  const walk = (node: FilterNode, negated: boolean): void => {
    if (node.kind === 'and' || node.kind === 'or') node.children.forEach((child) => walk(child, negated));
    else if (node.kind === 'not') walk(node.child, !negated);
    else if (!negated && node.kind === 'field' && EXACT_FIELDS.has(node.field)) named.set(`${node.field}\u0000${node.value}`, node);
  };
  if (filter) walk(filter, false);
  if (named.size === 0 || (projectIds !== undefined && projectIds.length === 0)) return [];
  const scope = projectIds ? ` AND "project_id" IN (${projectIds.map((_, i) => dialect.param(i + 2)).join(', ')})` : '';
  const warnings: string[] = [];
  for (const { field, value } of named.values()) {
    const { column, label } = EXACT_FIELDS.get(field)!;
    const params = [encodeText(value), ...(projectIds ?? [])];
    const exact = await dataSource.query(`SELECT 1 AS "x" FROM "evaluation_runs" WHERE "${column}" = ${dialect.param(1)}${scope} LIMIT 1`, params);
    if (exact.length > 0) continue;
    const rows: Array<{ v: string }> = await dataSource.query(
      `SELECT DISTINCT "${column}" AS "v" FROM "evaluation_runs" WHERE ${dialect.lower(`"${column}"`)} = ${dialect.lower(dialect.param(1))}${scope} ` +
        `ORDER BY "v" LIMIT ${MAX_SPELLINGS}`,
      params,
    );
    if (rows.length > 0) warnings.push(`no run has the ${label} ${quote(value)}; did you mean ${rows.map((r) => quote(r.v)).join(' or ')}?`);
  }
  return warnings;
}
