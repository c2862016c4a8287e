import type { CommandModule } from 'yargs';
import type { ComparisonResult, Delta, ItemChange } from '@llm-eval/search';
import type { GlobalOptions } from '../global-options';
import { withDatabase } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { numeric } from '../numeric-option';
import { colors } from '../output/color';
import { percent, seconds, shortId, signed } from '../output/format';
import { compactNumber, oneLine, pValue } from '../output/item-cells';
import { note, print, printJson } from '../output/print';
import { renderTable } from '../output/table';
import { search } from '../libraries';

interface Args extends GlobalOptions {
  // Kebab-case as declared; handlers read argv.runA / argv.runB (yargs adds camelCase).
  'run-a': string;
  'run-b': string;
  items: number;
  metric?: string[];
  minEffect?: number;
  failOnRegression?: boolean;
}

type Colors = ReturnType<typeof colors>;

const num = (v: number | null, digits = 3) => (v === null ? '–' : compactNumber(v, digits));
const money = (v: number | null) => (v === null ? '–' : `$${v.toFixed(4)}`);
const rel = (d: Delta) => (d.relative === null ? '–' : `${d.relative >= 0 ? '+' : '−'}${Math.abs(d.relative * 100).toFixed(1)}%`);

/** Summary rows: how each is shown, and its change B − A. */
function summaryRows(s: ComparisonResult['summary']): string[][] {
  const pp = (d: Delta) => (d.absolute === null ? '–' : `${signed(d.absolute * 100, 1)} pp`);
  const secs = (d: Delta) => (d.absolute === null ? '–' : `${d.absolute >= 0 ? '+' : '−'}${seconds(Math.abs(d.absolute))}`);
  return [
    ['success rate', percent(s.successRate.a), percent(s.successRate.b), pp(s.successRate), rel(s.successRate)],
    ['duration', seconds(s.durationSeconds.a), seconds(s.durationSeconds.b), secs(s.durationSeconds), rel(s.durationSeconds)],
    ['avg response time', seconds(s.avgResponseTime.a), seconds(s.avgResponseTime.b), secs(s.avgResponseTime), rel(s.avgResponseTime)],
    ['tokens', num(s.totalTokens.a, 0), num(s.totalTokens.b, 0), signed(s.totalTokens.absolute, 0), rel(s.totalTokens)],
    ['cost', money(s.totalCost.a), money(s.totalCost.b), s.totalCost.absolute === null ? '–' : `${s.totalCost.absolute >= 0 ? '+' : '−'}${money(Math.abs(s.totalCost.absolute))}`, rel(s.totalCost)],
  ];
}

function metricRows(result: ComparisonResult, c: Colors): string[][] {
  const verdict = (v: string) => (v === 'improved' ? c.green(v) : v === 'regressed' ? c.red(v) : c.gray(v));
  return result.metrics.map((m) => [
    m.lowerIsBetter ? `${m.metric} ↓` : m.metric,
    m.test === 'wilcoxon-signed-rank' ? 'wilcoxon' : m.test === 'mcnemar-exact' ? 'mcnemar' : '–',
    String(m.pairs),
    num(m.meanA),
    num(m.meanB),
    signed(m.difference),
    m.ci.low === null || m.ci.high === null ? '–' : `[${signed(m.ci.low)}, ${signed(m.ci.high)}]`,
    pValue(m.pValue),
    verdict(m.verdict),
  ]);
}

function itemRows(changes: ItemChange[], c: Colors): string[][] {
  return changes.map((i) => [
    oneLine(i.itemId, 30),
    i.statusChanged ? c.yellow(`${i.statusA} → ${i.statusB}`) : i.statusB,
    Object.entries(i.deltas)
      .map(([metric, d]) => `${metric}=${signed(d)}`)
      .join(' ') || '–',
  ]);
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
      .option('min-effect', { ...numeric('--min-effect', { min: 0 }), describe: 'Smallest change of a mean that counts as improved/regressed' })
      .option('fail-on-regression', { type: 'boolean', describe: 'Exit 1 when any metric regressed (for CI)' })
      .example('$0 runs compare latest~1 latest', 'the newest run against the one before')
      .example('$0 runs compare 3f2a9c 8b1d04 --metric exact_match --fail-on-regression', 'a CI gate')
      .epilogue('--json prints the ComparisonResult: { runA, runB, summary, metrics, items, options, fromCache, computedAt }.'),
  handler: handle<Args>(async (argv) => {
    if (!Number.isInteger(argv.items) || argv.items < 0) throw new CliError(`--items must be a whole number ≥ 0, not ${argv.items}.`, 2);
    if (argv.minEffect !== undefined && !(argv.minEffect >= 0)) throw new CliError(`--min-effect must be a number ≥ 0.`, 2);
    const result = await withDatabase(argv, async (db) => {
      const { RunSearchEngine } = search();
      return new RunSearchEngine(db).compareRuns(argv.runA, argv.runB, {
        metrics: argv.metric?.length ? argv.metric : undefined,
        minEffect: argv.minEffect,
        itemLimit: argv.items,
      });
    });
    const regressed = result.metrics.filter((m) => m.verdict === 'regressed').map((m) => m.metric);
    const failed = !!argv.failOnRegression && regressed.length > 0;
    if (argv.json) {
      printJson(result);
      if (failed) note(`Regressed: ${regressed.join(', ')}`);
      return failed ? 1 : 0;
    }
    const c = colors(argv.color);
    const color = c.isColorSupported;
    print(c.bold(`A: ${result.runA.name} (${shortId(result.runA.id)})  →  B: ${result.runB.name} (${shortId(result.runB.id)})`));
    print(c.gray(result.fromCache ? `(from the comparison cache, computed ${result.computedAt})` : '(computed now; deltas are B − A)'));
    print();
    print(renderTable(['', 'A', 'B', 'Δ', 'Δ%'], summaryRows(result.summary), { color }));
    print();
    if (result.metrics.length === 0) print('No metric was scored in both runs.');
    else {
      const confidence = Math.round((result.metrics[0]?.ci.confidence ?? 0.95) * 100);
      const head = ['metric', 'test', 'pairs', 'mean A', 'mean B', 'Δ', `${confidence}% CI`, 'p-value', 'verdict'];
      print(renderTable(head, metricRows(result, c), { color }));
      if (result.metrics.some((m) => m.lowerIsBetter)) print(c.gray('↓ lower is better'));
    }
    const { items } = result;
    const ranked = items.primaryMetric ? ` by ${items.primaryMetric}` : '';
    for (const [title, list, count] of [
      [`Most improved items${ranked}`, items.improved, items.counts.improved],
      [`Most regressed items${ranked}`, items.regressed, items.counts.regressed],
    ] as const) {
      print();
      print(`${title} (${Math.min(argv.items, list.length)} of ${count}):`);
      if (list.length && argv.items > 0) print(renderTable(['item', 'status', 'Δ per metric'], itemRows(list.slice(0, argv.items), c), { color }));
      else print('  none');
    }
    print();
    print(`${items.counts.unchanged} unchanged · ${items.counts.onlyInA} only in A · ${items.counts.onlyInB} only in B`);
    if (regressed.length) print(c.red(`Regressed: ${regressed.join(', ')}`));
    return failed ? 1 : 0;
  }),
};
