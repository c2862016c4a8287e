import type { MigrationInterface, QueryRunner } from 'typeorm';

// The item lists of a cached comparison, in chunks of consecutive entries (search's compare/comparison-store.ts
// decides the chunk size), apart from the comparison's row: a page of a list then reads the summary and one or two
// chunks instead of parsing every changed item (a 10,000-item comparison's row was 1.5 MB). Deleting a comparison
// (a run deleted, a stale state replaced) deletes its chunks. Items are JSON text, not jsonb: they are only ever
// read whole, and text keeps item ids PostgreSQL's jsonb refuses (\u0000). Rows cached before this migration keep
// their lists inline and are never read again (the comparison version in every key changed), so they are dropped.
const LISTS = `CHECK ("list" IN ('improved', 'regressed', 'onlyInA', 'onlyInB'))`;
const SQLITE_UP = [
  `DELETE FROM "run_comparisons"`,
  `CREATE TABLE "run_comparison_chunks" ("comparison_id" integer NOT NULL, "list" varchar(16) NOT NULL, "chunk" integer NOT NULL, ` +
    `"items" text NOT NULL, CONSTRAINT "CHK_comparison_chunks_list" ${LISTS}, ` +
    `CONSTRAINT "FK_comparison_chunks_comparison" FOREIGN KEY ("comparison_id") REFERENCES "run_comparisons" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, ` +
    `PRIMARY KEY ("comparison_id", "list", "chunk"))`,
];
const POSTGRES_UP = [
  `DELETE FROM "run_comparisons"`,
  `CREATE TABLE "run_comparison_chunks" ("comparison_id" integer NOT NULL, "list" character varying(16) NOT NULL, "chunk" integer NOT NULL, ` +
    `"items" text NOT NULL, CONSTRAINT "CHK_comparison_chunks_list" ${LISTS}, ` +
    `CONSTRAINT "PK_comparison_chunks" PRIMARY KEY ("comparison_id", "list", "chunk"), ` +
    `CONSTRAINT "FK_comparison_chunks_comparison" FOREIGN KEY ("comparison_id") REFERENCES "run_comparisons" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
];

/** Moves the item lists of cached comparisons into their own table, in chunks. */
export class ComparisonChunks1799000000000 implements MigrationInterface {
  name = 'ComparisonChunks1799000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    for (const sql of postgres ? POSTGRES_UP : SQLITE_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "run_comparison_chunks"`);
    // Entries of this layout have no lists inline: the older code must not read them.
    await queryRunner.query(`DELETE FROM "run_comparisons"`);
  }
}
