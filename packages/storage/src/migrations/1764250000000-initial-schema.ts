import type { MigrationInterface, QueryRunner } from 'typeorm';
import { POSTGRES_UP, SQLITE_UP } from './1764250000000-initial-schema.sql';

const TABLES = ['run_tags', 'run_comparisons', 'run_metrics', 'evaluation_items', 'evaluation_runs', 'projects'];

// Case-insensitive substring search over run name, description and dataset name, served by an index:
// SQLite: an external-content FTS5 table with the trigram tokenizer, kept in step by triggers.
const SQLITE_TEXT_SEARCH = [
  `CREATE VIRTUAL TABLE "evaluation_runs_fts" USING fts5(name, description, dataset_name, content='evaluation_runs', content_rowid='rowid', tokenize='trigram case_sensitive 0')`,
  `CREATE TRIGGER "TRG_runs_fts_insert" AFTER INSERT ON "evaluation_runs" BEGIN
     INSERT INTO "evaluation_runs_fts"(rowid, name, description, dataset_name) VALUES (new.rowid, new.name, new.description, new.dataset_name);
   END`,
  `CREATE TRIGGER "TRG_runs_fts_delete" AFTER DELETE ON "evaluation_runs" BEGIN
     INSERT INTO "evaluation_runs_fts"("evaluation_runs_fts", rowid, name, description, dataset_name) VALUES ('delete', old.rowid, old.name, old.description, old.dataset_name);
   END`,
  `CREATE TRIGGER "TRG_runs_fts_update" AFTER UPDATE OF name, description, dataset_name ON "evaluation_runs" BEGIN
     INSERT INTO "evaluation_runs_fts"("evaluation_runs_fts", rowid, name, description, dataset_name) VALUES ('delete', old.rowid, old.name, old.description, old.dataset_name);
     INSERT INTO "evaluation_runs_fts"(rowid, name, description, dataset_name) VALUES (new.rowid, new.name, new.description, new.dataset_name);
   END`,
];

/** The expression the PostgreSQL trigram index covers; queries must use exactly this to hit the index. @internal */
export const POSTGRES_TEXT_EXPRESSION = `lower(coalesce("name", '') || ' ' || coalesce("description", '') || ' ' || coalesce("dataset_name", ''))`;

// PostgreSQL: pg_trgm (a trusted extension since PostgreSQL 13) and a GIN trigram index on one lower-cased expression.
const POSTGRES_TEXT_SEARCH = [
  `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
  `CREATE INDEX "IDX_runs_text_search" ON "evaluation_runs" USING gin ((${POSTGRES_TEXT_EXPRESSION}) gin_trgm_ops)`,
];

/** Creates every table, constraint and index of the first schema version, and the indexed text search. */
export class InitialSchema1764250000000 implements MigrationInterface {
  name = 'InitialSchema1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const statements = postgres ? [...POSTGRES_UP, ...POSTGRES_TEXT_SEARCH] : [...SQLITE_UP, ...SQLITE_TEXT_SEARCH];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    if (!postgres) await queryRunner.query(`DROP TABLE IF EXISTS "evaluation_runs_fts"`);
    for (const table of TABLES) await queryRunner.query(`DROP TABLE IF EXISTS "${table}"${postgres ? ' CASCADE' : ''}`);
  }
}
