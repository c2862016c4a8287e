import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { resolveRun, withDatabase } from '../database';
import { handle } from '../handle';
import { numeric } from '../numeric-option';
import { colors } from '../output/color';
import { percent, seconds, shortId, when } from '../output/format';
import { print, printJson } from '../output/print';
import { runDuration, statusColor } from '../output/run-rows';
import { countBars } from '../output/sparkline';
import { renderTable } from '../output/table';

interface Args extends GlobalOptions {
  run: string;
  items: number;
}

const fixed = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '–' : v.toFixed(d));

/** `llm-eval runs show <run>` */
export const runsShowCommand: CommandModule<GlobalOptions, Args> = {
  command: 'show <run>',
  describe: 'Show a run: summary, timing, per-metric statistics, slowest and failed items',
  builder: (y) =>
    y
      .positional('run', { type: 'string', demandOption: true, describe: 'Run id, unique id prefix, latest or latest~N' })
      .option('items', { ...numeric('--items', { integer: true, min: 0, max: 1000 }), default: 5, describe: 'How many slowest and failed items to list (0–1000)' })
      .example('$0 runs show latest', '')
      .example('$0 runs show 3f2a9c1e --json', ''),
  handler: handle<Args>(async (argv) => {
    await withDatabase(argv, async (db) => {
      const id = await resolveRun(db, argv.run);
      const run = await db.runs.requireRun(id);
      const [slowest, failed] = await Promise.all([
        db.runs.listItems(id, { sort: 'responseTime', direction: 'desc', limit: argv.items }),
        db.runs.listItems(id, { status: 'failed', limit: argv.items }),
      ]);
      if (argv.json) return printJson({ run, slowestItems: slowest.items, failedItems: failed.items, failedTotal: failed.total });
      const c = colors(argv.color);
      print(`${c.bold(run.name)}  ${statusColor(c)(run.status)}  ${run.id}`);
      const facts: Array<[string, string]> = [
        ['project', run.projectId ?? '–'],
        ['dataset', run.datasetName ?? '–'],
        ['model', [run.modelName, run.modelVersion].filter(Boolean).join(' ') || '–'],
        ['tags', run.tags.join(', ') || '–'],
        ['created', `${when(run.createdAt)}${run.createdBy ? ` by ${run.createdBy}` : ''}`],
        ['items', `${run.totalItems} (${run.successfulItems} ok, ${run.failedItems} failed) · success ${percent(run.successRate)}`],
        ['duration', `${runDuration(run)} (started ${when(run.startedAt)}, completed ${when(run.completedAt)})`],
        ['response', `avg ${seconds(run.avgResponseTime)} · min ${seconds(run.minResponseTime)} · max ${seconds(run.maxResponseTime)}`],
        ['usage', `${run.totalTokens.toLocaleString('en-US')} tokens · $${run.totalCost.toFixed(4)}`],
      ];
      // Why a run failed, was abandoned or recovered: stored with the run, and said here as well as in --json.
      const reason = run.statusReason ?? (run.status === 'abandoned' ? `its writer is gone; settle it with llm-eval runs recover ${shortId(run.id)}` : null);
      if (reason) facts.splice(1, 0, ['reason', reason]);
      for (const [k, v] of facts) print(`  ${k.padEnd(9)}${v}`);
      if (run.metrics.length) {
        print('');
        print(
          renderTable(
            ['metric', 'type', 'mean', 'std', 'min', 'p50', 'p90', 'max', 'scored', 'errors', 'distribution'],
            run.metrics.map((m) => [
              m.metricName,
              m.metricType,
              fixed(m.mean),
              fixed(m.stdDev),
              fixed(m.min),
              fixed(m.percentiles?.p50),
              fixed(m.percentiles?.p90),
              fixed(m.max),
              String(m.successfulEvaluations),
              String(m.failedEvaluations),
              countBars(m.histogram?.counts ?? []),
            ]),
          ),
        );
      }
      if (slowest.items.length) {
        print(`\nSlowest items`);
        print(renderTable(['item', 'status', 'time', 'output'], slowest.items.map((i) => [i.itemId, i.status, seconds(i.responseTime), (i.actualOutput ?? '').slice(0, 60)])));
      }
      if (failed.items.length) {
        print(`\nFailed items (${failed.total})`);
        print(renderTable(['item', 'error'], failed.items.map((i) => [i.itemId, `${i.errorType ?? 'Error'}: ${i.errorMessage ?? ''}`])));
      }
      // Suggest the run before this one (in its project when it has one) as the baseline; none when there is none.
      const { runs: [previous] } = await db.runs.listRuns({ projectId: run.projectId ?? undefined, createdBefore: run.createdAt, limit: 1 });
      if (previous) print(`\nCompare with the run before it: llm-eval runs compare ${shortId(previous.id)} ${shortId(run.id)}`);
    });
  }),
};
