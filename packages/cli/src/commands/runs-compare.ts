import type { CommandModule } from 'yargs';
import type { ComparisonResult } from '@llm-eval/search';
import type { GlobalOptions } from '../global-options';
import { withExistingDatabase } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { numeric } from '../numeric-option';
import { colors } from '../output/color';
import { shortId } from '../output/format';
import { ITEM_HEAD, SUMMARY_HEAD, itemCountsLine, itemRows, itemSections, summaryRows, testedRows } from '../output/compare-rows';
import { metricTableLines } from '../output/compare-metric-table';
import { comparisonMarkdown } from '../output/compare-markdown';
import { note, print, printJson } from '../output/print';
import { renderTable } from '../output/table';
import { search } from '../libraries';
import { checkEnvironment } from '../check-environment';

const FORMATS = ['table', 'markdown'] as const;

interface Args extends GlobalOptions {
  // Kebab-case as declared; handlers read argv.runA / argv.runB (yargs adds camelCase).
  'run-a': string;
  'run-b': string;
  items: number;
  metric?: string[];
  lowerIsBetter?: string[];
  minEffect?: number;
  failOnRegression?: boolean;
  format: (typeof FORMATS)[number];
}

type Colors = ReturnType<typeof colors>;

/** The terminal rendering: tables, the verdict rule, items. */
function printTables(result: ComparisonResult, itemLimit: number, c: Colors, regressed: string[]): void {
  const color = c.isColorSupported;
  print(c.bold(`A: ${result.runA.name} (${shortId(result.runA.id)})  →  B: ${result.runB.name} (${shortId(result.runB.id)})`));
  print(c.gray(result.fromCache ? `(from the comparison cache, computed ${result.computedAt})` : '(computed now; deltas are B − A)'));
  print();
  print(renderTable(SUMMARY_HEAD, summaryRows(result.summary), { color }));
  print();
  metricTableLines(result, c).forEach((line) => print(line));
  for (const { title, list, count } of itemSections(result)) {
    const shown = list.slice(0, itemLimit);
    print();
    print(`${title} (${shown.length} of ${count}):`);
    if (shown.length) {
      const rows = itemRows(shown).map((row, i) => (shown[i]!.statusChanged ? [row[0]!, c.yellow(row[1]!), row[2]!] : row));
      print(renderTable(ITEM_HEAD, rows, { color }));
    } else print('  none');
  }
  print();
  print(itemCountsLine(result));
  if (regressed.length) print(c.red(`Regressed: ${regressed.join(', ')}`));
}

/** `llm-eval runs compare <runA> <runB>` */
export const runsCompareCommand: CommandModule<GlobalOptions, Args> = {
  command: 'compare <run-a> <run-b>',
  describe: 'Compare run B with run A: summary, per-metric significance, most improved and regressed items',
  builder: (y) =>
    y
      .positional('run-a', { type: 'string', demandOption: true, describe: 'Baseline: id, unique prefix, latest or latest~N' })
      .positional('run-b', { type: 'string', demandOption: true, describe: 'Candidate: id, unique prefix, latest or latest~N' })
      .option('items', { ...numeric('--items', { integer: true, min: 0, max: 1000 }), default: 5, describe: 'Most improved / regressed items to list' })
      .option('metric', { type: 'string', array: true, describe: 'Compare only these metrics (repeatable; default all)' })
      .option('lower-is-better', {
        type: 'string',
        array: true,
        describe: 'Metrics where a lower score is better, e.g. wer,latency_ms (repeatable or comma-separated; added to response_time, token_count, latency and cost)',
      })
      .option('min-effect', { ...numeric('--min-effect', { min: 0 }), describe: 'Smallest change of a mean that counts as improved/regressed' })
      .option('fail-on-regression', { type: 'boolean', describe: 'Exit 1 when any metric, or task success, regressed (a verdict, not insufficient data; for CI)' })
      .option('format', { type: 'string', choices: FORMATS, default: 'table' as const, describe: 'table (terminal) or markdown (to paste into a pull request)' })
      .example('$0 runs compare latest~1 latest', 'the newest run against the one before')
      .example('$0 runs compare 3f2a9c 8b1d04 --metric exact_match --fail-on-regression', 'a CI gate')
      .example('$0 runs compare latest~1 latest --lower-is-better wer,latency_ms', 'metrics where less is better')
      .example('$0 runs compare latest~1 latest --format markdown > comparison.md', 'a pull-request comment')
      .epilogue(
        'A metric is improved/regressed only when its test (McNemar for pass/fail, Wilcoxon signed-rank otherwise; for ' +
          "numeric metrics the mean's paired t-test too) is significant after Holm's correction across the compared metrics " +
          'AND the test and its t interval point the same way, clearing --min-effect; with ' +
          'fewer than 6 pairs, or only 1-5 that differ, it is "insufficient data" (at the default 95%).\n' +
          'Task success (McNemar on failed vs not, paired by item) is tested alongside and shown when some item changed.\n' +
          '--json prints the ComparisonResult: { runA, runB, summary, metrics (pValue, pValueAdjusted, verdict: improved | ' +
          'regressed | unchanged | insufficient_data), significance { alpha, correction: "holm", minimumPairs }, items, options, fromCache, computedAt }.',
      ),
  handler: handle<Args>(async (argv) => {
    checkEnvironment();
    if (!Number.isInteger(argv.items) || argv.items < 0) throw new CliError(`--items must be a whole number ≥ 0, not ${argv.items}.`, 2);
    if (argv.minEffect !== undefined && !(argv.minEffect >= 0)) throw new CliError(`--min-effect must be a number ≥ 0.`, 2);
    if (argv.json && argv.format !== 'table') throw new CliError(`Use either --json or --format ${argv.format}, not both.`, 2);
    const result = await withExistingDatabase(argv, async (db) => {
      const { RunSearchEngine, DEFAULT_LOWER_IS_BETTER } = search();
      const lower = (argv.lowerIsBetter ?? []).flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
      return new RunSearchEngine(db).compareRuns(argv.runA, argv.runB, {
        metrics: argv.metric?.length ? argv.metric : undefined,
        lowerIsBetter: lower.length ? [...new Set([...DEFAULT_LOWER_IS_BETTER, ...lower])] : undefined,
        minEffect: argv.minEffect,
        itemLimit: argv.items,
      });
    });
    // Task success counts: a task that started failing leaves no scores for the metrics to regress on.
    const regressed = testedRows(result).filter((m) => m.verdict === 'regressed').map((m) => m.metric);
    const failed = !!argv.failOnRegression && regressed.length > 0;
    if (argv.json) {
      printJson(result);
      if (failed) note(`Regressed: ${regressed.join(', ')}`);
      return failed ? 1 : 0;
    }
    if (argv.format === 'markdown') print(comparisonMarkdown(result, argv.items));
    else printTables(result, argv.items, colors(argv.color), regressed);
    if (failed && argv.format === 'markdown') note(`Regressed: ${regressed.join(', ')}`);
    return failed ? 1 : 0;
  }),
};
