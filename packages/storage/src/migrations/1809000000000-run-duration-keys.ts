import type { MigrationInterface, QueryRunner } from 'typeorm';

// Runs sorted by duration put the runs whose duration is not known last in both directions (see
// repositories/duration-order.ts): each direction orders by its own key, the stored duration or a stand-in for an
// unknown one ('Infinity' ascending, -1 descending). The (duration_seconds, id) index orders by the stored number, so
// since that rule every page sorted every matching run (50-100 ms a page of 100,000 runs on SQLite). These index each
// key with id, exactly as the queries spell it (without their "r" alias), so a page is one index range again, as are
// duration bounds. A key written here is frozen: a change to the rule needs a new migration that replaces these
// (test/duration-key-indexes.test.ts compares them with the queries' keys).
const UNKNOWN =
  `("status" = 'running' OR ("status" = 'cancelled' AND "completed_at" IS NULL) OR ` +
  `("started_at" IS NULL AND "duration_seconds" = 0))`;

/** The indexed key of each direction, without the alias. @internal */
export const DURATION_KEY_EXPRESSIONS = {
  asc: `CASE WHEN ${UNKNOWN} THEN 'Infinity' ELSE "duration_seconds" END`,
  desc: `CASE WHEN ${UNKNOWN} THEN -1 ELSE "duration_seconds" END`,
} as const;

const UP = [
  `CREATE INDEX "IDX_runs_duration_asc_key" ON "evaluation_runs" ((${DURATION_KEY_EXPRESSIONS.asc}), "id")`,
  `CREATE INDEX "IDX_runs_duration_desc_key" ON "evaluation_runs" ((${DURATION_KEY_EXPRESSIONS.desc}), "id")`,
];
const DOWN = [`DROP INDEX "IDX_runs_duration_desc_key"`, `DROP INDEX "IDX_runs_duration_asc_key"`];

/** Indexes evaluation_runs for sorting by duration with unknown durations last, and for duration bounds. */
export class RunDurationKeys1809000000000 implements MigrationInterface {
  name = 'RunDurationKeys1809000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
