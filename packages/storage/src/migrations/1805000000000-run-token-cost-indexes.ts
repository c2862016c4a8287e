import type { MigrationInterface, QueryRunner } from 'typeorm';

// Runs can be listed by total tokens and total cost (listRuns sort=totalTokens|totalCost, search's "top 10 by
// tokens", "cheapest 5"). Without an index each page sorted every run of the table; with (column, id) a page, and every
// keyset page after it, is one index range, as the other sorts are. Both columns are NOT NULL, so no NULL ordering
// differs between the two databases.
const UP = [
  `CREATE INDEX "IDX_runs_total_tokens_id" ON "evaluation_runs" ("total_tokens", "id")`,
  `CREATE INDEX "IDX_runs_total_cost_id" ON "evaluation_runs" ("total_cost", "id")`,
];
const DOWN = [`DROP INDEX "IDX_runs_total_cost_id"`, `DROP INDEX "IDX_runs_total_tokens_id"`];

/** Indexes evaluation_runs for sorting by total tokens and total cost. */
export class RunTokenCostIndexes1805000000000 implements MigrationInterface {
  name = 'RunTokenCostIndexes1805000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
