import type { DataSource } from 'typeorm';

/**
 * The entities declare PostgreSQL's richer types (`timestamptz`, `jsonb`, `json`) so production gets real time zones
 * and binary JSON (or JSON text that keeps its key order). SQLite has no such types: this maps them onto SQLite's own
 * (`datetime` as UTC text, `jsonb` and `json` as text, `bigint` as integer) for one DataSource only, before its
 * metadata is built and validated. A `json` column is stored and read exactly as a `jsonb` one (TypeORM's JSONB
 * blob, read through json()), so turning a column from one into the other on PostgreSQL changes nothing on SQLite.
 * @internal
 */
export function adaptSqliteDriverTypes(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as {
    supportedDataTypes: string[];
    normalizeType(column: { type?: unknown }): string;
    preparePersistentValue(value: unknown, column: { type?: unknown }): unknown;
    prepareHydratedValue(value: unknown, column: { type?: unknown }): unknown;
    wrapWithJsonFunction(value: string, column: { type?: unknown }, jsonb?: boolean): string;
  };
  // bigint: SQLite's integer is 64-bit already, and the tables were created with `integer`.
  const mapped: Record<string, string> = { timestamptz: 'datetime', jsonb: 'text', json: 'text', bigint: 'integer' };
  const valueType: Record<string, string> = { timestamptz: 'datetime', jsonb: 'jsonb', json: 'jsonb' };
  const asSqlite = <C extends { type?: unknown }>(column: C): C => {
    const target = typeof column.type === 'string' ? valueType[column.type] : undefined;
    return target && target !== column.type ? { ...column, type: target } : column;
  };
  driver.supportedDataTypes.push('timestamptz');
  const normalizeType = driver.normalizeType.bind(driver);
  const preparePersistentValue = driver.preparePersistentValue.bind(driver);
  const prepareHydratedValue = driver.prepareHydratedValue.bind(driver);
  const wrapWithJsonFunction = driver.wrapWithJsonFunction.bind(driver);
  driver.normalizeType = (column) => {
    const target = typeof column.type === 'string' ? mapped[column.type] : undefined;
    return target ?? normalizeType(column);
  };
  driver.preparePersistentValue = (value, column) => preparePersistentValue(value, asSqlite(column));
  driver.prepareHydratedValue = (value, column) => prepareHydratedValue(value, asSqlite(column));
  driver.wrapWithJsonFunction = (value, column, jsonb) => wrapWithJsonFunction(value, asSqlite(column), jsonb);
}
