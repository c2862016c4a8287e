import type { MigrationInterface, QueryRunner } from 'typeorm';

// A run's token total outgrew PostgreSQL's `integer` (at most 2,147,483,647): a million items of 2,148 tokens each
// sum past it, and every batch after that failed with "integer out of range". `bigint` holds any real total; SQLite's
// integer is 64-bit already, so it gets nothing. The column is read back as a number (entity transformer and the
// raw readers), exact up to 2^53 tokens.
const POSTGRES_UP = [`ALTER TABLE "evaluation_runs" ALTER COLUMN "total_tokens" TYPE bigint`];
// Down refuses, rather than truncates, a run whose total no longer fits.
const POSTGRES_DOWN = [`ALTER TABLE "evaluation_runs" ALTER COLUMN "total_tokens" TYPE integer`];

/** Widens evaluation_runs.total_tokens to bigint on PostgreSQL. */
export class RunTokensBigint1803000000000 implements MigrationInterface {
  name = 'RunTokensBigint1803000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    for (const sql of POSTGRES_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    for (const sql of POSTGRES_DOWN) await queryRunner.query(sql);
  }
}
