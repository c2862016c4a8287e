// Multi-row parameterised INSERT statements for node-postgres.

/** `INSERT INTO "table" ("c1", ...) VALUES ($1, ...), (...)` for `rowCount` rows. */
export function multiRowInsertSql(table, columns, rowCount) {
  const width = columns.length;
  const tuples = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const params = new Array(width);
    for (let c = 0; c < width; c++) params[c] = `$${r * width + c + 1}`;
    tuples[r] = `(${params.join(', ')})`;
  }
  return `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
}

/** Inserts `rows` (arrays in `columns` order) with `perStatement` rows per statement, on the caller's transaction. */
export async function insertRows(client, table, columns, rows, perStatement) {
  const fullSql = multiRowInsertSql(table, columns, perStatement);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const sql = chunk.length === perStatement ? fullSql : multiRowInsertSql(table, columns, chunk.length);
    await client.query(sql, chunk.flat());
  }
}
