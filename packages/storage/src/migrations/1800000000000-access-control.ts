import type { MigrationInterface, QueryRunner } from 'typeorm';

// API tokens (only the sha256 of a secret is stored), the audit log and per-project retention policies.
//
// The audit log is append-only in the database itself, not only by the application's good manners: a trigger refuses
// every UPDATE of a row, and every DELETE unless the one-row table audit_prune_guard holds its row. Only AuditLog.prune
// inserts that row, and removes it again, inside the transaction that deletes the old entries and audits the prune;
// other transactions never see it (SQLite runs one writer at a time; PostgreSQL shows uncommitted rows to no one).
// PostgreSQL's TRUNCATE skips row triggers, so it gets a statement trigger of its own that always refuses.
const GUARD_CHECK = `CONSTRAINT "CHK_audit_prune_guard_one_row" CHECK ("id" = 1)`;
const REFUSE_UPDATE = 'audit_log is append-only: its rows cannot be updated';
const REFUSE_DELETE = 'audit_log is append-only: its rows are deleted only by an audit prune';

const SQLITE_UP = [
  `CREATE TABLE "api_tokens" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "secret_hash" character(64) NOT NULL, ` +
    `"secret_prefix" varchar(12) NOT NULL, "role" varchar(16) NOT NULL, "projects" text NOT NULL, "created_by" varchar(255), ` +
    `"created_at" datetime NOT NULL, "expires_at" datetime, "revoked_at" datetime, "last_used_at" datetime, ` +
    `CONSTRAINT "CHK_api_tokens_role" CHECK ("role" IN ('viewer', 'editor', 'admin')))`,
  `CREATE INDEX "IDX_api_tokens_prefix" ON "api_tokens" ("secret_prefix")`,
  `CREATE UNIQUE INDEX "UQ_api_tokens_secret_hash" ON "api_tokens" ("secret_hash")`,
  `CREATE TABLE "audit_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" datetime NOT NULL, "actor" varchar(255) NOT NULL, ` +
    `"action" varchar(64) NOT NULL, "target_type" varchar(32), "target_id" varchar(255), "project_id" varchar(128), ` +
    `"correlation_id" varchar(128), "outcome" varchar(16) NOT NULL DEFAULT ('success'), "details" text, ` +
    `CONSTRAINT "CHK_audit_log_outcome" CHECK ("outcome" IN ('success', 'denied', 'failure')))`,
  `CREATE INDEX "IDX_audit_log_at_id" ON "audit_log" ("at", "id")`,
  `CREATE INDEX "IDX_audit_log_actor_at_id" ON "audit_log" ("actor", "at", "id")`,
  `CREATE INDEX "IDX_audit_log_action_at_id" ON "audit_log" ("action", "at", "id")`,
  `CREATE INDEX "IDX_audit_log_project_at_id" ON "audit_log" ("project_id", "at", "id")`,
  `CREATE TABLE "audit_prune_guard" ("id" integer PRIMARY KEY NOT NULL, ${GUARD_CHECK})`,
  `CREATE TRIGGER "TRG_audit_log_no_update" BEFORE UPDATE ON "audit_log" BEGIN SELECT RAISE(ABORT, '${REFUSE_UPDATE}'); END`,
  `CREATE TRIGGER "TRG_audit_log_no_delete" BEFORE DELETE ON "audit_log" WHEN NOT EXISTS (SELECT 1 FROM "audit_prune_guard") ` +
    `BEGIN SELECT RAISE(ABORT, '${REFUSE_DELETE}'); END`,
  `CREATE TABLE "retention_policies" ("project_id" varchar(128) PRIMARY KEY NOT NULL, "max_age_days" integer NOT NULL, "statuses" text, ` +
    `"updated_at" datetime NOT NULL, "updated_by" varchar(255) NOT NULL, CONSTRAINT "CHK_retention_policies_max_age" CHECK ("max_age_days" >= 1))`,
];

const POSTGRES_UP = [
  `CREATE TABLE "api_tokens" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "secret_hash" character(64) NOT NULL, ` +
    `"secret_prefix" character varying(12) NOT NULL, "role" character varying(16) NOT NULL, "projects" text NOT NULL, ` +
    `"created_by" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, ` +
    `"revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, ` +
    `CONSTRAINT "CHK_api_tokens_role" CHECK ("role" IN ('viewer', 'editor', 'admin')), CONSTRAINT "PK_api_tokens" PRIMARY KEY ("id"))`,
  `CREATE INDEX "IDX_api_tokens_prefix" ON "api_tokens" ("secret_prefix")`,
  `CREATE UNIQUE INDEX "UQ_api_tokens_secret_hash" ON "api_tokens" ("secret_hash")`,
  `CREATE TABLE "audit_log" ("id" SERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" character varying(255) NOT NULL, ` +
    `"action" character varying(64) NOT NULL, "target_type" character varying(32), "target_id" character varying(255), ` +
    `"project_id" character varying(128), "correlation_id" character varying(128), "outcome" character varying(16) NOT NULL DEFAULT 'success', ` +
    `"details" text, CONSTRAINT "CHK_audit_log_outcome" CHECK ("outcome" IN ('success', 'denied', 'failure')), ` +
    `CONSTRAINT "PK_audit_log" PRIMARY KEY ("id"))`,
  `CREATE INDEX "IDX_audit_log_at_id" ON "audit_log" ("at", "id")`,
  `CREATE INDEX "IDX_audit_log_actor_at_id" ON "audit_log" ("actor", "at", "id")`,
  `CREATE INDEX "IDX_audit_log_action_at_id" ON "audit_log" ("action", "at", "id")`,
  `CREATE INDEX "IDX_audit_log_project_at_id" ON "audit_log" ("project_id", "at", "id")`,
  `CREATE TABLE "audit_prune_guard" ("id" integer NOT NULL, ${GUARD_CHECK}, CONSTRAINT "PK_audit_prune_guard" PRIMARY KEY ("id"))`,
  // search_path FROM CURRENT: the guard table is looked up where this migration created it, whatever the session's path.
  `CREATE FUNCTION "llm_eval_audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM "audit_prune_guard") THEN
       RETURN OLD;
     END IF;
     IF TG_OP = 'UPDATE' THEN
       RAISE EXCEPTION '${REFUSE_UPDATE}';
     END IF;
     RAISE EXCEPTION '${REFUSE_DELETE}';
   END
   $$`,
  `CREATE TRIGGER "TRG_audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "llm_eval_audit_log_append_only"()`,
  `CREATE TRIGGER "TRG_audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "llm_eval_audit_log_append_only"()`,
  `CREATE TABLE "retention_policies" ("project_id" character varying(128) NOT NULL, "max_age_days" integer NOT NULL, "statuses" text, ` +
    `"updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_by" character varying(255) NOT NULL, ` +
    `CONSTRAINT "CHK_retention_policies_max_age" CHECK ("max_age_days" >= 1), CONSTRAINT "PK_retention_policies" PRIMARY KEY ("project_id"))`,
];

/** Adds API tokens, the append-only audit log (with its prune guard) and retention policies. */
export class AccessControl1800000000000 implements MigrationInterface {
  name = 'AccessControl1800000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    for (const sql of postgres ? POSTGRES_UP : SQLITE_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    if (postgres) {
      await queryRunner.query(`DROP TABLE IF EXISTS "audit_log"`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS "llm_eval_audit_log_append_only"()`);
    } else {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "TRG_audit_log_no_update"`);
      await queryRunner.query(`DROP TRIGGER IF EXISTS "TRG_audit_log_no_delete"`);
      await queryRunner.query(`DROP TABLE IF EXISTS "audit_log"`);
    }
    for (const table of ['audit_prune_guard', 'retention_policies', 'api_tokens']) await queryRunner.query(`DROP TABLE IF EXISTS "${table}"`);
  }
}
