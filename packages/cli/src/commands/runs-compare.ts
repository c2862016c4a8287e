import type { CommandModule } from 'yargs';
import type { ComparisonResult } from '@llm-eval/search';
import type { RunWithMetrics } from '@llm-eval/storage';
import type { GlobalOptions } from '../global-options';
import { refuseEmptyRunReference, withExistingDatabase } from '../database';
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
import { terminalField } from '../output/terminal-text';
import { search } from '../libraries';

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

/** A compared run as the metric check names it, with every metric it has (declared or with statistics). */
interface RunMetrics {
  label: string;
  metrics: Set<string>;
}

function runMetrics(label: string, run: RunWithMetrics): RunMetrics {
  return { label: `run ${label} (${shortId(run.id)})`, metrics: new Set([...run.metricsUsed, ...run.metrics.map((m) => m.metricName)]) };
}

const listed = (names: Iterable<string>): string => [...names].sort().join(', ') || 'none';

/**
 * Checks --metric against the two runs. A name neither run has (a typo) is a usage error naming what they have: its
 * "insufficient data" would let --fail-on-regression pass whatever happened. Returns a warning for each compared
 * metric only one run has: it gets no verdict either, so --fail-on-regression cannot fail on it. `required`: the names
 * the user gave (a gate on them fails when one run lacks them), else undefined.
 */
function checkComparedMetrics(a: RunMetrics, b: RunMetrics, compared: string[], required: boolean): { warnings: string[]; missing: string[] } {
  // An empty name is left to the comparison's own option check.
  const nowhere = compared.filter((m) => m !== '' && !a.metrics.has(m) && !b.metrics.has(m));
  if (required && nowhere.length) {
    const have =
      listed(a.metrics) === listed(b.metrics)
        ? `both runs have: ${listed(a.metrics)}`
        : `${a.label} has: ${listed(a.metrics)}; ${b.label} has: ${listed(b.metrics)}`;
    throw new CliError(`--metric ${nowhere.join(', ')}: neither run has ${nowhere.length === 1 ? 'this metric' : 'these metrics'} (${have}).`, 2);
  }
  const warnings: string[] = [];
  const missing: string[] = [];
  for (const metric of compared) {
    const lacking = [a, b].filter((run) => !run.metrics.has(metric));
    if (lacking.length !== 1) continue;
    missing.push(metric);
    warnings.push(`${metric} is missing from ${lacking[0]!.label}, so it has no scores to compare (insufficient data) and cannot be checked for a regression`);
  }
  return { warnings, missing };
}

/** Why no item could be paired: a run without items, or two runs without an item id in common. */
function noItemInBoth(result: ComparisonResult): string {
  const { onlyInA, onlyInB } = result.items.counts;
  const empty = [onlyInA === 0 ? 'A' : null, onlyInB === 0 ? 'B' : null].filter((x) => x !== null);
  if (empty.length === 2) return 'neither run has items';
  if (empty.length === 1) return `run ${empty[0]} has no items`;
  return `no item id is in both runs (${onlyInA} only in A, ${onlyInB} only in B)`;
}

/** The terminal rendering: tables, the verdict rule, items. */
function printTables(result: ComparisonResult, itemLimit: number, c: Colors, regressed: string[]): void {
  const color = c.isColorSupported;
  print(c.bold(`A: ${terminalField(result.runA.name)} (${shortId(result.runA.id)})  →  B: ${terminalField(result.runB.name)} (${shortId(result.runB.id)})`));
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
  if (regressed.length) print(c.red(terminalField(`Regressed: ${regressed.join(', ')}`)));
}

/** `llm-eval runs compare <runA> <runB>` */
export const runsCompareCommand: CommandModule<GlobalOptions, Args> = {
  command: 'compare <run-a> <run-b>',
  describe: 'Compare run B with run A: summary, per-metric significance, most improved and regressed items',
  builder: (y) =>
    y
      .positional('run-a', { type: 'string', demandOption: true, describe: 'Baseline: id, unique id prefix, exact run name, latest or latest~N' })
      .positional('run-b', { type: 'string', demandOption: true, describe: 'Candidate: id, unique id prefix, exact run name, latest or latest~N' })
      .option('items', { ...numeric('--items', { integer: true, min: 0, max: 1000 }), default: 5, describe: 'Most improved / regressed items to list' })
      .option('metric', { type: 'string', array: true, describe: 'Compare only these metrics (repeatable; default all)' })
      .option('lower-is-better', {
        type: 'string',
        array: true,
        describe: 'Metrics where a lower score is better, e.g. wer,latency_ms (repeatable or comma-separated; added to response_time, token_count, latency and cost)',
      })
      .option('min-effect', { ...numeric('--min-effect', { min: 0 }), describe: 'Smallest change of a mean that counts as improved/regressed' })
      .option('fail-on-regression', { type: 'boolean', describe: 'Exit 1 when any metric, or task success, regressed (a verdict, not insufficient data; for CI), or when nothing could be checked: no item in both runs, or a --metric no item in both runs has a score for' })
      .option('format', { type: 'string', choices: FORMATS, default: 'table' as const, describe: 'table (terminal) or markdown (to paste into a pull request)' })
      .example('$0 runs compare latest~1 latest', 'the newest run against the one before')
      .example('$0 runs compare 3f2a9c 8b1d04 --metric exact_match --fail-on-regression', 'a CI gate')
      .example('$0 runs compare latest~1 latest --lower-is-better wer,latency_ms', 'metrics where less is better')
      .example('$0 runs compare latest~1 latest --format markdown > comparison.md', 'a pull-request comment')
      .epilogue(
        'A metric is improved/regressed only when its test (McNemar for pass/fail, Wilcoxon signed-rank otherwise; for ' +
          "numeric metrics the mean's paired t-test too) is significant after Holm's correction across the compared metrics " +
          'AND the test and its t interval point the same way, clearing --min-effect (with --min-effect, also at alpha/m for ' +
          'm metrics: a one-sided test of a change beyond it); with ' +
          'fewer than 6 pairs, or only 1-5 that differ, it is "insufficient data" (at the default 95%). Otherwise it is "not significant" (no change ' +
          '- beyond ±--min-effect when given - shown, none ruled out), or "unchanged" when every pair scored the same or, with --min-effect, ' +
          'two one-sided tests at alpha/m show the change within ±--min-effect (the 1 - 2·alpha/m interval lies inside it).\n' +
          'Task success (McNemar on failed vs not, paired by item) is tested alongside and shown when some item changed.\n' +
          '--json prints the ComparisonResult: { runA, runB, summary, metrics (pValue, pValueAdjusted, verdict: improved | ' +
          'regressed | unchanged | not_significant | insufficient_data), significance { alpha, correction: "holm", minimumPairs }, items, options, fromCache, computedAt }.',
      ),
  handler: handle<Args>(async (argv) => {
    if (!Number.isInteger(argv.items) || argv.items < 0) throw new CliError(`--items must be a whole number ≥ 0, not ${argv.items}.`, 2);
    if (argv.minEffect !== undefined && !(argv.minEffect >= 0)) throw new CliError(`--min-effect must be a number ≥ 0.`, 2);
    if (argv.json && argv.format !== 'table') throw new CliError(`Use either --json or --format ${argv.format}, not both.`, 2);
    const named = argv.metric?.length ? [...new Set(argv.metric.map(String))] : undefined;
    let check: { warnings: string[]; missing: string[] } = { warnings: [], missing: [] };
    const result = await withExistingDatabase(argv, async (db) => {
      const { RunSearchEngine, DEFAULT_LOWER_IS_BETTER } = search();
      const engine = new RunSearchEngine(db);
      const lower = (argv.lowerIsBetter ?? []).flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
      refuseEmptyRunReference(argv.runA);
      refuseEmptyRunReference(argv.runB);
      const [idA, idB] = await Promise.all([engine.resolveRun(argv.runA), engine.resolveRun(argv.runB)]);
      const [runA, runB] = await Promise.all([db.runs.requireRun(idA), db.runs.requireRun(idB)]);
      const a = runMetrics('A', runA);
      const b = runMetrics('B', runB);
      // Without --metric every metric of either run is compared: one only a run has is worth a word to a CI gate.
      const compared = named ?? [...new Set([...a.metrics, ...b.metrics])].sort();
      if (named || argv.failOnRegression) check = checkComparedMetrics(a, b, compared, named !== undefined);
      // search's comparison gives no duration (null, shown as –) for a run whose duration is not known.
      return engine.compareRuns(idA, idB, {
        metrics: named,
        lowerIsBetter: lower.length ? [...new Set([...DEFAULT_LOWER_IS_BETTER, ...lower])] : undefined,
        minEffect: argv.minEffect,
        itemLimit: argv.items,
      });
    });
    for (const warning of check.warnings) note(`llm-eval: warning: ${terminalField(warning)}.`);
    // Task success counts: a task that started failing leaves no scores for the metrics to regress on.
    const regressed = testedRows(result).filter((m) => m.verdict === 'regressed').map((m) => m.metric);
    // A gate on metrics the user named cannot pass when one run lacks one of them: nothing was checked there.
    const unchecked = argv.failOnRegression && named ? check.missing : [];
    // Nor when no item is in both runs (a run that crashed before storing any): every verdict is insufficient data.
    const nothingPaired = !!argv.failOnRegression && result.success.pairs === 0;
    // Nor when a named metric that both runs have was scored on no item in both (it errored on every item of a run).
    const unscored = argv.failOnRegression && named && !nothingPaired ? result.metrics.filter((m) => m.pairs === 0 && !unchecked.includes(m.metric)).map((m) => m.metric) : [];
    const failed = (!!argv.failOnRegression && regressed.length > 0) || unchecked.length > 0 || nothingPaired || unscored.length > 0;
    const failLines = () => {
      if (regressed.length && (argv.json || argv.format === 'markdown')) note(`Regressed: ${regressed.join(', ')}`);
      if (unchecked.length) note(`FAIL: --fail-on-regression could not check ${terminalField(unchecked.join(', '))}: missing from one of the runs.`);
      if (nothingPaired) note(`FAIL: --fail-on-regression could not check anything: ${noItemInBoth(result)}.`);
      if (unscored.length) note(`FAIL: --fail-on-regression could not check ${terminalField(unscored.join(', '))}: no item in both runs has a score for it.`);
    };
    if (argv.json) {
      printJson(result);
      if (failed) failLines();
      return failed ? 1 : 0;
    }
    if (argv.format === 'markdown') print(comparisonMarkdown(result, argv.items));
    else printTables(result, argv.items, colors(argv.color), regressed);
    if (failed) failLines();
    return failed ? 1 : 0;
  }),
};
