import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SQLITE_BAD_JSON, sqliteTrigger, sqliteTriggerName, TABLES, type SqliteJsonRule } from './1806000000000-run-integrity-rules';

// The SQLite integrity triggers of migration 1806000000000 asked json_valid(x, 9), a form only SQLite 3.45+ knows. A
// trigger is compiled into every INSERT and UPDATE of its table, so any other tool on an older SQLite (Debian 12's
// sqlite3 3.40, Python's sqlite3 module linked to it) could not write a run or project at all, valid or not: "wrong
// number of arguments to function json_valid()". These triggers say the same with what every SQLite since 3.38 (JSON
// built in) knows. No other SQLite trigger or CHECK of the schema needs more than that (test/sqlite-older-tools.test.ts).
//
// Text (a raw write, a column default) is checked as before: one-argument json_valid() is RFC 8259 text everywhere
// (JSON5 never). Storage itself writes JSONB blobs (TypeORM wraps its JSON parameters in jsonb()), which one-argument
// json_valid() does not accept, so a blob is checked by its JSONB header, read byte by byte: the root's type (array
// 0xB, object 0xC) and a payload size that spans the blob exactly, as SQLite's own check does. On 3.45+ the whole blob
// is then turned into text that must be valid (json() raises "malformed JSON" at a fault it finds); an older SQLite
// cannot read JSONB, so it has the header only, and a tool on it can still copy storage's rows.

/** The first nine bytes of `x` (a JSONB header is at most that long) as hex digits. */
const head = (x: string) => `hex(substr(${x}, 1, 9))`;

/** The value of the header's hex digits from..from+count-1, big-endian. */
function headerNumber(x: string, from: number, count: number): string {
  const digits = Array.from({ length: count }, (_, i) => `(instr('0123456789ABCDEF', substr(${head(x)}, ${from + i}, 1)) - 1) * ${16 ** (count - 1 - i)}`);
  return `(${digits.join(' + ')})`;
}

/** The header's length plus the payload size it declares (-1 for an 8-byte size of 4 GiB or more, never valid). */
const declaredLength = (x: string) =>
  `(CASE substr(${head(x)}, 1, 1) WHEN 'C' THEN 2 + ${headerNumber(x, 3, 2)} WHEN 'D' THEN 3 + ${headerNumber(x, 3, 4)} ` +
  `WHEN 'E' THEN 5 + ${headerNumber(x, 3, 8)} WHEN 'F' THEN (CASE WHEN substr(${head(x)}, 3, 8) = '00000000' THEN 9 + ${headerNumber(x, 11, 8)} ELSE -1 END) ` +
  `ELSE 1 + ${headerNumber(x, 1, 1)} END)`;

const JSONB_TYPE_DIGIT = { array: 'B', object: 'C' } as const;

const SQLITE_KNOWS_JSONB = `CAST(substr(sqlite_version(), 3) AS INTEGER) >= 45`;

/** True when `x` is not RFC 8259 text, nor a JSONB blob, of `type`. json_type() is asked only of valid text. @internal */
export const SQLITE_PORTABLE_BAD_JSON: SqliteJsonRule = (x, type) =>
  `(CASE WHEN json_valid(${x}) THEN json_type(${x}) <> '${type}' ` +
  `WHEN typeof(${x}) = 'blob' AND substr(${head(x)}, 2, 1) = '${JSONB_TYPE_DIGIT[type]}' AND length(${x}) = ${declaredLength(x)} ` +
  `THEN (CASE WHEN ${SQLITE_KNOWS_JSONB} THEN NOT json_valid(json(${x})) ELSE 0 END) ELSE 1 END)`;

async function replaceTriggers(queryRunner: QueryRunner, badJson: SqliteJsonRule): Promise<void> {
  for (const table of TABLES) {
    for (const event of ['INSERT', 'UPDATE'] as const) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${sqliteTriggerName(table, event)}"`);
      await queryRunner.query(sqliteTrigger(table, event, badJson));
    }
  }
}

/** Rewrites SQLite's run and project integrity triggers so that tools on SQLite 3.38 to 3.44 can write those tables. */
export class SqliteJsonRulesOlderTools1811000000000 implements MigrationInterface {
  name = 'SqliteJsonRulesOlderTools1811000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    await replaceTriggers(queryRunner, SQLITE_PORTABLE_BAD_JSON);
  }

  /** Restores 1806000000000's triggers (SQLite 3.45+ only again). */
  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    await replaceTriggers(queryRunner, SQLITE_BAD_JSON);
  }
}
