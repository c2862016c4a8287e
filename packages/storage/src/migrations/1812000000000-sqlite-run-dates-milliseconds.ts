import type { MigrationInterface, QueryRunner } from 'typeorm';

// SQLite keeps dates as text and compares them as text. A run's dates were stored in two forms the integrity rules
// (1806000000000) both accept: storage's "YYYY-MM-DD HH:MM:SS.SSS", and "YYYY-MM-DD HH:MM:SS" (the columns'
// datetime('now') default, and what other tools write). Every bound storage passes has the milliseconds, and
// '2026-03-29 00:00:00' < '2026-03-29 00:00:00.000' as text although they are the same instant: keyset paging by
// created_at skipped such runs (ascending) or returned the same ones forever (descending), and heartbeat staleness,
// started_at/completed_at and updated_at comparisons were off by the same mismatch. So the stored form is made one:
// rows already stored are rewritten, and a trigger rewrites every later one written without milliseconds.
//
// The triggers run AFTER the integrity triggers (BEFORE) have validated the row, so they only ever see a valid date;
// their own UPDATE is validated again and does not fire them again (recursive_triggers is off by default, and their
// WHEN no longer holds for the rewritten row if it is on). Only SQL every SQLite since 3.38 knows (see 1811000000000):
// other tools on Debian 12's 3.40 must still be able to write runs. The items table gets none (its hot insert path;
// storage alone writes it). PostgreSQL's columns are timestamps: nothing to do there.
//
// The audit log is paged by its `at` too, but it is append-only (a trigger refuses any UPDATE) and written by storage
// alone, which always writes the milliseconds.

const TABLE = 'evaluation_runs';

/** Every date column of evaluation_runs (the 'date' rules of 1806000000000). */
const DATE_COLUMNS = ['created_at', 'updated_at', 'started_at', 'completed_at', 'heartbeat_at'] as const;

const SECONDS_GLOB = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';

/**
 * True when `x` is a valid date without milliseconds. A value stored before the integrity rules that breaks them
 * (a 30th of February, year 0) is left as it is: appending ".000" would not make it valid, and the rules would refuse
 * the rewrite (`db health` reports such a row).
 */
const secondsOnly = (x: string) => `(${x} GLOB '${SECONDS_GLOB}' AND ${x} NOT GLOB '0000*' AND datetime(${x}) IS ${x})`;

/** The SET list that gives each seconds-only date of `row`'s columns its milliseconds ("" for the table's own row). */
const setMilliseconds = (row: string) =>
  DATE_COLUMNS.map((c) => `"${c}" = CASE WHEN ${secondsOnly(`${row}"${c}"`)} THEN ${row}"${c}" || '.000' ELSE ${row}"${c}" END`).join(', ');

const anySecondsOnly = (row: string) => DATE_COLUMNS.map((c) => secondsOnly(`${row}"${c}"`)).join(' OR ');

/** @internal */
export const sqliteDateTriggerName = (event: 'INSERT' | 'UPDATE') => `TRG_${TABLE}_dates_ms_${event.toLowerCase()}`;

function sqliteDateTrigger(event: 'INSERT' | 'UPDATE'): string {
  const on = event === 'UPDATE' ? `UPDATE OF ${DATE_COLUMNS.map((c) => `"${c}"`).join(', ')}` : 'INSERT';
  return (
    `CREATE TRIGGER "${sqliteDateTriggerName(event)}" AFTER ${on} ON "${TABLE}" WHEN ${anySecondsOnly('NEW.')} ` +
    `BEGIN UPDATE "${TABLE}" SET ${setMilliseconds('NEW.')} WHERE "id" = NEW."id"; END`
  );
}

/** Stores every run date on SQLite with its milliseconds, so that dates compare as text the way they do as instants. */
export class SqliteRunDatesMilliseconds1812000000000 implements MigrationInterface {
  name = 'SqliteRunDatesMilliseconds1812000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    await queryRunner.query(`UPDATE "${TABLE}" SET ${setMilliseconds('')} WHERE ${anySecondsOnly('')}`);
    await queryRunner.query(sqliteDateTrigger('INSERT'));
    await queryRunner.query(sqliteDateTrigger('UPDATE'));
  }

  /** Drops the triggers; rows keep the ".000" form, the same instants in the form storage writes. */
  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    await queryRunner.query(`DROP TRIGGER "${sqliteDateTriggerName('INSERT')}"`);
    await queryRunner.query(`DROP TRIGGER "${sqliteDateTriggerName('UPDATE')}"`);
  }
}
