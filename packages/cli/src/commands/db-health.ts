import type { HealthReport } from '@llm-eval/storage';
import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { colors } from '../output/color';
import { when } from '../output/format';
import { print, printJson } from '../output/print';
import { storage } from '../libraries';
import { useTimeZone, withTimeZoneOption } from '../time-zone';
import { databaseOptions, inMemoryDatabaseMessage, inMemoryDatabaseUrl, missingSqliteFile } from '../database';
import { onSameDatabase } from '../same-database';

/**
 * A health check must not change what it checks: opening a SQLite file that does not exist would create it (and
 * an empty database would then look reachable). Reports such a file as not found instead.
 */
function missingSqliteReport(options: GlobalOptions): HealthReport | undefined {
  const missing = missingSqliteFile(options);
  if (missing === undefined) return undefined;
  const { parseDatabaseUrl, resolveDatabaseUrl, unreachableHealthReport } = storage();
  return unreachableHealthReport('sqlite', parseDatabaseUrl(resolveDatabaseUrl(options.databaseUrl)).redactedUrl, missing);
}

/** `llm-eval db health` */
export const dbHealthCommand: CommandModule<GlobalOptions, GlobalOptions & { tz?: string }> = {
  command: 'health',
  describe: 'Check that the database is reachable and current; exit 1 when it is not',
  builder: (y) => withTimeZoneOption(y).example('$0 db health --json', 'for monitoring'),
  handler: handle(async (argv) => {
    const zone = useTimeZone(argv.tz, { needed: false });
    const { checkHealth } = storage();
    let health = missingSqliteReport(argv) ?? (await checkHealth(databaseOptions(argv)));
    // Storage advises the bare `llm-eval db init`, which, typed as shown, opens LLM_EVAL_DATABASE_URL or the default
    // database: the advice must reach the database checked here.
    if (health.pendingMigrations.length > 0 && health.error) {
      health = { ...health, error: health.error.replace('`llm-eval db init`', `\`${onSameDatabase('db init')}\``) };
    }
    // Opened empty by this very check, an in-memory database always lacks its schema, and `db init` cannot change that.
    const memory = inMemoryDatabaseUrl(argv);
    if (memory !== undefined && !health.ok) health = { ...health, error: inMemoryDatabaseMessage(memory) };
    if (argv.json) printJson(health);
    else {
      const c = colors(argv.color);
      print(`${health.ok ? c.green('ok') : c.red('NOT OK')}  ${health.url} (${health.backend})`);
      if (health.error) print(`  problem:    ${health.error}`);
      print(`  reachable:  ${health.reachable ? `yes, ${health.latencyMs} ms` : 'no'}`);
      print(`  schema:     ${health.schemaVersion ?? 'none'}${health.pendingMigrations.length ? ` (${health.pendingMigrations.length} pending)` : ''}`);
      if (health.sizeBytes !== null) print(`  size:       ${(health.sizeBytes / 1024 / 1024).toFixed(2)} MiB`);
      const width = Math.max(16, ...Object.keys(health.rowCounts).map((table) => table.length)) + 2;
      for (const [table, n] of Object.entries(health.rowCounts)) print(`  ${table.padEnd(width)}${n.toLocaleString('en-US')}`);
      if (health.latestRun) print(`  latest run: ${health.latestRun.name} (${health.latestRun.status}, ${when(health.latestRun.createdAt, zone)} ${zone})`);
      // A run stored before the database enforced storage's rules can be unreadable; the rest of the report stands.
      for (const { reason } of health.unreadable) print(`  latest run: unreadable (${reason})`);
    }
    return health.ok ? 0 : 1;
  }),
};
