import type { EntityManager } from 'typeorm';
import type { SqlDialect } from './sql-dialect';
import { encodeText } from './stored-text';

/** Creates the project on first use; an existing project is left as it is. @internal */
export async function ensureProject(
  manager: EntityManager,
  dialect: SqlDialect,
  projectId: string,
  createdBy: string | null,
): Promise<void> {
  const now = dialect.timestamp(new Date());
  const p = (n: number) => dialect.param(n);
  await manager.query(
    `INSERT INTO "projects" ("id", "name", "created_by", "created_at", "updated_at") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}) ON CONFLICT ("id") DO NOTHING`,
    [projectId, projectId, createdBy === null ? null : encodeText(createdBy), now, now],
  );
}
