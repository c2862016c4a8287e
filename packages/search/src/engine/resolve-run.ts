import type { DataSource } from 'typeorm';
import { dialectOf } from '@llm-eval/storage';
import { RunReferenceError } from '../errors';

/**
 * Resolves how a person names a run: its id, a unique id prefix (at least 4 characters, like git), or `latest` /
 * `latest~N` (the N-th run before the newest, optionally within a project). Returns the run id.
 */
export async function resolveRunReference(dataSource: DataSource, reference: string, projectId?: string): Promise<string> {
  const ref = reference.trim();
  const d = dialectOf(dataSource);
  const latest = /^latest(?:~(\d{1,6}))?$/i.exec(ref);
  if (latest) {
    const offset = Number(latest[1] ?? 0);
    const rows: Array<{ id: string }> = await dataSource.query(
      `SELECT "id" FROM "evaluation_runs" ${projectId ? `WHERE "project_id" = ${d.param(1)} ` : ''}ORDER BY "created_at" DESC, "id" DESC LIMIT 1 OFFSET ${offset}`,
      projectId ? [projectId] : [],
    );
    if (!rows[0]) throw new RunReferenceError(`There is no run "${ref}"${projectId ? ` in project ${projectId}` : ''} (only ${offset} older run(s) exist, or none).`);
    return rows[0].id;
  }
  if (!/^[0-9a-f-]{4,36}$/i.test(ref)) {
    throw new RunReferenceError(`"${ref}" is not a run id, an id prefix (4+ hex characters) or latest / latest~N.`);
  }
  const hex = ref.toLowerCase().replace(/-/g, '');
  if (hex.length > 32) throw new RunReferenceError(`"${ref}" is longer than a run id.`);
  // The ids starting with a prefix form one range of the primary key, on both databases.
  const asUuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  const rows: Array<{ id: string }> = await dataSource.query(
    `SELECT "id" FROM "evaluation_runs" WHERE "id" BETWEEN ${d.param(1)} AND ${d.param(2)} ORDER BY "id" LIMIT 2`,
    [asUuid(hex.padEnd(32, '0')), asUuid(hex.padEnd(32, 'f'))],
  );
  if (rows.length === 0) throw new RunReferenceError(`No run id starts with "${ref}". List runs with \`llm-eval runs list\`.`);
  if (rows.length > 1) throw new RunReferenceError(`"${ref}" is ambiguous: ${rows.map((r) => r.id).join(', ')} … Use more characters.`);
  return rows[0]!.id;
}
