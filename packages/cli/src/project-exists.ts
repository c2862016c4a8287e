import type { Database } from '@llm-eval/storage';
import { storage } from './libraries';

/** Storage's rule for a project id (its projectIdSchema): an id that breaks it is storage's to refuse, in its words. */
export const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Whether the database holds the project `id` (a run stored in it creates it; `projects list` lists them). */
export async function projectExists(db: Database, id: string): Promise<boolean> {
  const p1 = storage().dialectOf(db.dataSource).param(1);
  const rows: unknown[] = await db.dataSource.query(`SELECT "id" FROM "projects" WHERE "id" = ${p1}`, [id]);
  return rows.length > 0;
}
