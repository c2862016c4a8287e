import type { DataSource } from 'typeorm';
import type { SqlDialect } from './sql-dialect';
import { decodeText } from './stored-text';

/** A name a project's runs used (a dataset or a model) and how many of its runs used it. */
export interface NameCount {
  name: string;
  runs: number;
}

const COLUMNS = { datasetName: 'dataset_name', modelName: 'model_name' } as const;

/**
 * The dataset or model names of a project's runs, with how many runs used each, most used first (then by name). Raw
 * rows skip the entity hooks that decode stored text, so each name is decoded here: a NUL or U+FDD0 in a name comes
 * back as given, not in its stored form. @internal
 */
export async function countRunsByName(
  dataSource: DataSource,
  dialect: SqlDialect,
  projectId: string,
  field: keyof typeof COLUMNS,
): Promise<NameCount[]> {
  const column = COLUMNS[field];
  const rows: Array<{ name: string; runs: string | number }> = await dataSource.query(
    `SELECT "${column}" AS "name", COUNT(*) AS "runs" FROM "evaluation_runs"
     WHERE "project_id" = ${dialect.param(1)} AND "${column}" IS NOT NULL GROUP BY "${column}" ORDER BY COUNT(*) DESC, "${column}" ASC`,
    [projectId],
  );
  return rows.map((r) => ({ name: decodeText(String(r.name)), runs: Number(r.runs) }));
}
