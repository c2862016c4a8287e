import type { CommandModule } from 'yargs';
import type { Database } from '@llm-eval/storage';
import type { GlobalOptions } from '../global-options';
import { withExistingDatabase } from '../database';
import { handle } from '../handle';
import { colors } from '../output/color';
import { percent, when } from '../output/format';
import { print, printJson } from '../output/print';
import { statusColor } from '../output/run-rows';
import { sparkline } from '../output/sparkline';
import { sqlDate, sqlNumber } from '../output/sql-values';
import { renderTable } from '../output/table';
import { storage } from '../libraries';
import { useTimeZone, withTimeZoneOption } from '../time-zone';

/** How many completed runs the success-rate sparkline shows. */
const TREND_RUNS = 10;

/** One project in `projects list --json`. */
export interface ProjectSummary {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date | null;
  runs: number;
  latestRun: { id: string; name: string; status: string; createdAt: Date | null } | null;
  /** Success rates of the project's last completed runs with items (a run without items has none), oldest first (at most 10). */
  recentSuccessRates: number[];
}

// Projects with their run count and newest run, newest activity first. The newest run is found per project through
// the (project_id, created_at) index; nothing in it comes from the user.
const SUMMARY_SQL = `
SELECT p."id" AS "id", p."name" AS "name", p."description" AS "description", p."created_at" AS "createdAt",
  COUNT(r."id") AS "runs",
  l."id" AS "latestId", l."name" AS "latestName", l."status" AS "latestStatus", l."created_at" AS "latestCreatedAt"
FROM "projects" p
LEFT JOIN "evaluation_runs" r ON r."project_id" = p."id"
LEFT JOIN "evaluation_runs" l ON l."id" = (
  SELECT l2."id" FROM "evaluation_runs" l2 WHERE l2."project_id" = p."id" ORDER BY l2."created_at" DESC, l2."id" DESC LIMIT 1
)
GROUP BY p."id", p."name", p."description", p."created_at", l."id", l."name", l."status", l."created_at"
ORDER BY COALESCE(l."created_at", p."created_at") DESC, p."id" ASC`;

/** Every project with its counts, newest run and recent success rates: two queries whatever the number of projects. */
export async function summarizeProjects(db: Database): Promise<ProjectSummary[]> {
  const { dialectOf } = storage();
  const d = dialectOf(db.dataSource);
  const rows: Array<Record<string, unknown>> = await db.dataSource.query(SUMMARY_SQL);
  const trendRows: Array<{ projectId: string; successRate: unknown }> = await db.dataSource.query(
    `SELECT t."projectId", t."successRate" FROM (
       SELECT r."project_id" AS "projectId", r."success_rate" AS "successRate",
         ROW_NUMBER() OVER (PARTITION BY r."project_id" ORDER BY r."created_at" DESC, r."id" DESC) AS "rn"
       FROM "evaluation_runs" r WHERE r."status" = ${d.param(1)} AND r."project_id" IS NOT NULL AND r."total_items" > 0
     ) t WHERE t."rn" <= ${d.param(2)} ORDER BY t."projectId", t."rn" DESC`,
    ['completed', TREND_RUNS],
  );
  const trends = new Map<string, number[]>();
  for (const row of trendRows) trends.set(row.projectId, [...(trends.get(row.projectId) ?? []), sqlNumber(row.successRate)]);
  const summaries: ProjectSummary[] = rows.map((row) => ({
    id: String(row.id),
    name: String(row.name),
    description: (row.description as string | null) ?? null,
    createdAt: sqlDate(row.createdAt),
    runs: sqlNumber(row.runs),
    latestRun: row.latestId
      ? { id: String(row.latestId), name: String(row.latestName), status: String(row.latestStatus), createdAt: sqlDate(row.latestCreatedAt) }
      : null,
    recentSuccessRates: trends.get(String(row.id)) ?? [],
  }));
  // A run stored as running whose writer is gone is `abandoned`, as runs list and projects show say: the stored
  // column cannot tell, the run's record can (these are few: only the newest run of a project that is still running).
  for (const summary of summaries) {
    if (summary.latestRun?.status !== 'running') continue;
    const run = await db.runs.getRun(summary.latestRun.id);
    if (run) summary.latestRun.status = run.status;
  }
  return summaries;
}

/** `llm-eval projects list` */
export const projectsListCommand: CommandModule<GlobalOptions, GlobalOptions & { tz?: string }> = {
  command: 'list',
  describe: 'Projects with their run counts, newest run and success-rate trend',
  builder: (y) =>
    withTimeZoneOption(y)
      .example('$0 projects list', '')
      .example('$0 projects list --json | jq ".projects[] | {id, runs}"', '')
      .epilogue(
        '--json prints { projects: [{ id, name, description, createdAt, runs, latestRun: { id, name, status, createdAt } | null, ' +
          'recentSuccessRates }] }; recentSuccessRates are those of the last 10 completed runs with items, oldest first.',
      ),
  handler: handle<GlobalOptions & { tz?: string }>(async (argv) => {
    const zone = useTimeZone(argv.tz, { needed: false });
    const projects = await withExistingDatabase(argv, summarizeProjects);
    if (argv.json) return printJson({ projects });
    if (projects.length === 0) return print('No projects yet. A run stored with a project id creates its project.');
    const c = colors(argv.color);
    const color = statusColor(c);
    // Projects created by runs are named after their id; a name column is shown only when some name differs.
    const named = projects.some((p) => p.name !== p.id);
    const rows = projects.map((p) => [
      ...(named ? [p.id, p.name] : [p.id]),
      String(p.runs),
      p.latestRun?.name ?? '–',
      p.latestRun ? color(p.latestRun.status) : '–',
      when(p.latestRun?.createdAt, zone),
      p.recentSuccessRates.length
        ? `${sparkline(p.recentSuccessRates)} ${percent(p.recentSuccessRates[p.recentSuccessRates.length - 1])}`
        : '–',
    ]);
    const head = [...(named ? ['project', 'name'] : ['project']), 'runs', 'latest run', 'status', `when (${zone})`, `success (last ${TREND_RUNS})`];
    print(renderTable(head, rows, { color: c.isColorSupported }));
    print(`${projects.length} project(s).`);
  }),
};
