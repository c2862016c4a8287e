import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Run ids stored in upper case on SQLite (a client's own id, before storage lower-cased every id it is given) are
 * lower-cased, with every row that names them: storage now looks runs up by the lower-case id, so such a run would be
 * found by no id at all. PostgreSQL's uuid type always kept them in lower case. A run whose lower-case id another run
 * already has is left as it is (which of the two a caller meant cannot be known; delete one with SQL to settle it).
 * Foreign keys are checked when the migration's transaction commits, after parents and children have all moved.
 */
const MOVABLE = `SELECT "id" FROM "evaluation_runs" AS "r" WHERE "r"."id" <> lower("r"."id")
  AND NOT EXISTS (SELECT 1 FROM "evaluation_runs" AS "twin" WHERE "twin"."id" = lower("r"."id"))`;

const SQLITE_UP = [
  `PRAGMA defer_foreign_keys = ON`,
  `UPDATE "run_tags" SET "run_id" = lower("run_id") WHERE "run_id" IN (${MOVABLE})`,
  `UPDATE "run_metrics" SET "run_id" = lower("run_id") WHERE "run_id" IN (${MOVABLE})`,
  `UPDATE "run_comparisons" SET "run1_id" = lower("run1_id") WHERE "run1_id" IN (${MOVABLE})`,
  `UPDATE "run_comparisons" SET "run2_id" = lower("run2_id") WHERE "run2_id" IN (${MOVABLE})`,
  `UPDATE "evaluation_runs" SET "id" = lower("id") WHERE "id" IN (${MOVABLE})`,
];

/** Lower-cases run ids stored in upper case (SQLite). */
export class RunIdsLowerCase1808000000000 implements MigrationInterface {
  name = 'RunIdsLowerCase1808000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    for (const sql of SQLITE_UP) await queryRunner.query(sql);
  }

  /** Nothing to undo: lower-case ids are what every version reads. */
  async down(): Promise<void> {}
}
