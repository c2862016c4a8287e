import type { MigrationInterface, QueryRunner } from 'typeorm';

// Who writes a run and when it last said so, so readers can tell a live run from one whose writer was killed; and
// why a run ended as it did (set when an interrupted run is recovered). All nullable: older rows have no writer.
const COLUMNS: Array<{ name: string; sqlite: string; postgres: string }> = [
  { name: 'writer_host', sqlite: 'varchar(255)', postgres: 'character varying(255)' },
  { name: 'writer_pid', sqlite: 'integer', postgres: 'integer' },
  { name: 'heartbeat_at', sqlite: 'datetime', postgres: 'TIMESTAMP WITH TIME ZONE' },
  { name: 'status_reason', sqlite: 'text', postgres: 'text' },
];

/** Adds the writer's host, process id and heartbeat, and a status reason, to evaluation runs. */
export class RunWriterHeartbeat1796190000000 implements MigrationInterface {
  name = 'RunWriterHeartbeat1796190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    for (const column of COLUMNS) {
      const type = postgres ? column.postgres : column.sqlite;
      await queryRunner.query(`ALTER TABLE "evaluation_runs" ADD COLUMN "${column.name}" ${type}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // SQLite has dropped plain (unindexed, unconstrained) columns since 3.35; better-sqlite3 12 bundles a newer one.
    for (const column of [...COLUMNS].reverse()) {
      await queryRunner.query(`ALTER TABLE "evaluation_runs" DROP COLUMN "${column.name}"`);
    }
  }
}
