import type { CommandModule } from 'yargs';
import type { Database } from '@llm-eval/storage';
import type { GlobalOptions } from '../global-options';
import { withExistingDatabase } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { colors } from '../output/color';
import { when } from '../output/format';
import { print, printJson } from '../output/print';
import { RUN_DURATION_JSON_NOTE, runJson } from '../output/run-json';
import { runHead, runRow, statusColor } from '../output/run-rows';
import { RUN_STATUS_CHOICES } from '../run-statuses';
import { sqlDate, sqlNumber } from '../output/sql-values';
import { policyText } from '../output/retention-rows';
import { renderTable } from '../output/table';
import { terminalField } from '../output/terminal-text';
import { storage } from '../libraries';
import { useTimeZone, withTimeZoneOption } from '../time-zone';
import { onSameDatabase } from '../same-database';

interface Args extends GlobalOptions {
  id: string;
  tz?: string;
}

const STATUSES = RUN_STATUS_CHOICES;

/** Names used by a project's runs (datasets or models) with how many runs used each, most used first. */
async function loadProject(db: Database, id: string) {
  const { dialectOf } = storage();
  const p1 = dialectOf(db.dataSource).param(1);
  const [row] = await db.dataSource.query(
    `SELECT "id", "name", "description", "created_by" AS "createdBy", "created_at" AS "createdAt", "updated_at" AS "updatedAt"
     FROM "projects" WHERE "id" = ${p1}`,
    [id],
  );
  if (!row) throw new CliError(`Project ${id} does not exist; see ${onSameDatabase('projects list')}`);
  const counted: Array<{ status: string; n: unknown }> = await db.dataSource.query(
    `SELECT "status", COUNT(*) AS "n" FROM "evaluation_runs" WHERE "project_id" = ${p1} GROUP BY "status"`,
    [id],
  );
  const runCounts: Record<string, number> = { total: 0, ...Object.fromEntries(STATUSES.map((s) => [s, 0])) };
  for (const { status, n } of counted) {
    runCounts[status] = sqlNumber(n);
    runCounts.total! += sqlNumber(n);
  }
  // Stored as running, but some have lost their writer: storage's liveness rule tells them apart, as in runs list.
  if (runCounts.running) {
    const abandoned = (await db.runs.listRuns({ projectId: id, status: 'abandoned', limit: 1 })).total;
    runCounts.abandoned = abandoned;
    runCounts.running -= abandoned;
  }
  return {
    project: {
      id: String(row.id),
      name: String(row.name),
      description: (row.description as string | null) ?? null,
      createdBy: (row.createdBy as string | null) ?? null,
      createdAt: sqlDate(row.createdAt),
      updatedAt: sqlDate(row.updatedAt),
    },
    runCounts,
    // Decoded by storage: a NUL in a name reads back as given, not in its stored form.
    datasets: await db.runs.countRunsByName(id, 'datasetName'),
    models: await db.runs.countRunsByName(id, 'modelName'),
    latestRuns: (await db.runs.listRuns({ projectId: id, limit: 10 })).runs,
  };
}

/** `llm-eval projects show <id>` */
export const projectsShowCommand: CommandModule<GlobalOptions, Args> = {
  command: 'show <id>',
  describe: "A project's details, run counts per status, datasets, models and 10 latest runs",
  builder: (y) =>
    withTimeZoneOption(y)
      .positional('id', { type: 'string', demandOption: true, describe: 'Project id' })
      .example('$0 projects show demo', '')
      .example('$0 projects show demo --json | jq .runCounts', '')
      .epilogue(
        '--json prints { project: { id, name, description, createdBy, createdAt, updatedAt }, runCounts: { total, running, ' +
          'abandoned, completed, failed, cancelled }, datasets: [{ name, runs }], models: [{ name, runs }], latestRuns: [run], ' +
          `retention: { projectId, maxAgeDays, statuses, updatedAt, updatedBy } | null }; ${RUN_DURATION_JSON_NOTE}.`,
      ),
  handler: handle<Args>(async (argv) => {
    const zone = useTimeZone(argv.tz, { needed: false });
    const shown = await withExistingDatabase(argv, async (db) => ({ ...(await loadProject(db, argv.id)), retention: await db.retention.get(argv.id) }));
    if (argv.json) return printJson({ ...shown, latestRuns: shown.latestRuns.map(runJson) });
    const { project, runCounts, datasets, models, latestRuns, retention } = shown;
    const c = colors(argv.color);
    const list = (rows: Array<{ name: string; runs: number }>) => (rows.length ? rows.map((r) => `${r.name} (${r.runs})`).join(', ') : '–');
    print(c.bold(terminalField(`Project ${project.id}${project.name !== project.id ? ` — ${project.name}` : ''}`)));
    if (project.description) print(`  description: ${terminalField(project.description)}`);
    print(`  created:     ${when(project.createdAt, zone)} ${zone}${project.createdBy ? ` by ${terminalField(project.createdBy)}` : ''}`);
    print(`  runs:        ${runCounts.total} (${STATUSES.map((s) => `${runCounts[s]} ${s}`).join(', ')})`);
    print(`  datasets:    ${terminalField(list(datasets))}`);
    print(`  models:      ${terminalField(list(models))}`);
    print(`  retention:   ${retention ? `${policyText(retention)} are deleted (runs prune --apply-policies)` : 'none: runs are kept'}`);
    print();
    if (latestRuns.length === 0) return print('No runs yet.');
    print(`Latest ${latestRuns.length} run(s):`);
    print(renderTable(runHead(zone), latestRuns.map((r) => runRow(r, statusColor(c), zone)), { color: c.isColorSupported }));
  }),
};
