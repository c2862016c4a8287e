import type { DataSource } from 'typeorm';
import { ValidationError } from '../errors';
import { decodeJsonText, decodeJsonValue, decodeText, encodeJsonText, encodeText } from '../repositories/stored-text';

interface ColumnLike {
  type?: unknown;
  length?: string | number;
  propertyName?: string;
  entityMetadata?: { name?: string };
}

const JSON_TYPES = new Set(['json', 'jsonb', 'simple-json']);

/**
 * Routes every entity value TypeORM writes or reads through stored-text's encoding, so text and JSON columns hold
 * any JS string faithfully on both databases (see stored-text.ts); the bulk item insert, which bypasses entities,
 * encodes the same way itself. Also rejects a string longer than its column allows with a ValidationError naming the
 * field, on SQLite too (which would store it) as on PostgreSQL (which would fail the whole statement).
 * @internal
 */
export function storeTextFaithfully(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as {
    preparePersistentValue(value: unknown, column: ColumnLike): unknown;
    prepareHydratedValue(value: unknown, column: ColumnLike): unknown;
  };
  const persist = driver.preparePersistentValue.bind(driver);
  const hydrate = driver.prepareHydratedValue.bind(driver);
  driver.preparePersistentValue = (value, column) => {
    const prepared = persist(value, column);
    if (typeof prepared !== 'string') return prepared;
    const isJson = typeof column.type === 'string' && JSON_TYPES.has(column.type);
    const stored = isJson ? encodeJsonText(prepared) : encodeText(prepared);
    const max = column.length === undefined || column.length === '' ? undefined : Number(column.length);
    if (!isJson && max !== undefined && Number.isFinite(max) && stored.length > max) {
      const field = column.propertyName ?? 'value';
      throw new ValidationError(
        `${column.entityMetadata?.name ?? 'Value'} field "${field}" is ${stored.length} characters long as stored; at most ${max} fit. Shorten it.`,
        field,
      );
    }
    return stored;
  };
  // PostgreSQL's driver hands json and jsonb over parsed (a JSON string value arrives as a JS string); SQLite's as JSON text.
  const jsonArrivesParsed = dataSource.options.type === 'postgres';
  driver.prepareHydratedValue = (value, column) => {
    const isJson = typeof column.type === 'string' && JSON_TYPES.has(column.type);
    if (isJson && jsonArrivesParsed) return decodeJsonValue(hydrate(value, column));
    if (typeof value !== 'string') return hydrate(value, column);
    return hydrate(isJson ? decodeJsonText(value) : decodeText(value), column);
  };
}
