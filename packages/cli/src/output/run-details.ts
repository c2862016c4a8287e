import type { Database, ItemRecord, RunWithMetrics } from '@llm-eval/storage';
import { colors } from './color';
import { seconds, shortId, successPercent, when } from './format';
import { METRIC_ERRORS_IN_JSON, METRIC_ERRORS_SHOWN, metricErrorText } from './metric-error-lines';
import type { MetricErrors } from './metric-error-tally';
import { passFailMetrics } from './pass-fail-metrics';
import { print } from './print';
import { runDuration, statusColor } from './run-rows';
import { countBars } from './sparkline';
import { readMetricErrors } from './stored-metric-errors';
import { renderTable } from './table';
import { onSameDatabase } from '../same-database';
import { terminalField } from './terminal-text';

/** A stored run with its slowest and failed items: what `runs show` prints (and `evaluate --queue` at its end). */
export interface RunDetails {
  run: RunWithMetrics;
  slowestItems: ItemRecord[];
  failedItems: ItemRecord[];
  failedTotal: number;
  /** Each metric's most frequent error messages (up to 10, most frequent first; cut to 500 characters). */
  metricErrors: MetricErrors;
}

const fixed = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '–' : v.toFixed(d));

/** Reads a run and its `items` slowest and failed items. */
export async function loadRunDetails(db: Database, runId: string, items: number): Promise<RunDetails> {
  const run = await db.runs.requireRun(runId);
  const [slowest, failed] = await Promise.all([
    db.runs.listItems(runId, { sort: 'responseTime', direction: 'desc', limit: items }),
    db.runs.listItems(runId, { status: 'failed', limit: items }),
  ]);
  const metricErrors = await readMetricErrors(db, run, METRIC_ERRORS_IN_JSON);
  return { run, slowestItems: slowest.items, failedItems: failed.items, failedTotal: failed.total, metricErrors };
}

/**
 * Prints a run's summary, timing (in `zone`, which it names), per-metric statistics, slowest and failed items, and the
 * run to compare it with.
 */
export async function printRunDetails(db: Database, details: RunDetails, color: boolean | undefined, zone: string): Promise<void> {
  const { run, slowestItems, failedItems, failedTotal, metricErrors } = details;
  const c = colors(color);
  print(`${c.bold(terminalField(run.name))}  ${statusColor(c)(run.status)}  ${run.id}`);
  const facts: Array<[string, string]> = [
    ['project', run.projectId ?? '–'],
    ['dataset', run.datasetName ?? '–'],
    ['model', [run.modelName, run.modelVersion].filter(Boolean).join(' ') || '–'],
    ['tags', run.tags.join(', ') || '–'],
    ['created', `${when(run.createdAt, zone)} ${zone}${run.createdBy ? ` by ${run.createdBy}` : ''}`],
    ['items', `${run.totalItems} (${run.successfulItems} ok, ${run.failedItems} failed) · success ${successPercent(run)}`],
    ['duration', `${runDuration(run)} (started ${when(run.startedAt, zone)}, completed ${when(run.completedAt, zone)} ${zone})`],
    ['response', `avg ${seconds(run.avgResponseTime)} · min ${seconds(run.minResponseTime)} · max ${seconds(run.maxResponseTime)}`],
    ['usage', `${run.totalTokens.toLocaleString('en-US')} tokens · $${run.totalCost.toFixed(4)}`],
  ];
  // Why a run failed, was abandoned or recovered: stored with the run, and said here as well as in --json.
  const reason = run.statusReason ?? (run.status === 'abandoned' ? `its writer is gone; settle it with ${onSameDatabase(`runs recover ${shortId(run.id)}`)}` : null);
  if (reason) facts.splice(1, 0, ['reason', reason]);
  // Each fact on its line: a name, tag or reason holding a line feed shows it (terminalField).
  for (const [k, v] of facts) print(`  ${k.padEnd(9)}${terminalField(v)}`);
  if (run.metrics.length) {
    // The type compare tests each metric as: a metric scored only 0 and 1 is pass/fail, whatever type it was stored as.
    const passFail = await passFailMetrics(db, run);
    print('');
    print(
      renderTable(
        ['metric', 'type', 'mean', 'std', 'min', 'p50', 'p90', 'max', 'scored', 'errors', 'distribution'],
        run.metrics.map((m) => [
          m.metricName,
          passFail.has(m.metricName) ? 'boolean' : m.metricType,
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
  const errorRows = metricErrorRows(run, metricErrors);
  if (errorRows.length) {
    print(`\nMetric errors`);
    print(renderTable(['metric', 'items', 'error'], errorRows));
  }
  if (slowestItems.length) {
    print(`\nSlowest items`);
    print(renderTable(['item', 'status', 'time', 'output'], slowestItems.map((i) => [i.itemId, i.status, seconds(i.responseTime), (i.actualOutput ?? '').slice(0, 60)])));
  }
  if (failedItems.length) {
    print(`\nFailed items (${failedTotal})`);
    print(renderTable(['item', 'error'], failedItems.map((i) => [i.itemId, `${i.errorType ?? 'Error'}: ${i.errorMessage ?? ''}`])));
  }
  // Suggest the run before this one (in its project and on its dataset when it has them: another dataset's run shares
  // no items to compare) as the baseline; none when there is none.
  const { runs: [previous] } = await db.runs.listRuns({
    projectId: run.projectId ?? undefined,
    datasetName: run.datasetName ?? undefined,
    createdBefore: run.createdAt,
    limit: 1,
  });
  if (previous) print(`\nCompare with the run before it: ${onSameDatabase(`runs compare ${shortId(previous.id)} ${shortId(run.id)}`)}`);
}

/** Each metric's most frequent error messages as table rows, then how many of its errors had other messages. */
function metricErrorRows(run: RunDetails['run'], metricErrors: MetricErrors): string[][] {
  const rows: string[][] = [];
  for (const m of run.metrics) {
    const shown = (metricErrors[m.metricName] ?? []).slice(0, METRIC_ERRORS_SHOWN);
    for (const e of shown) rows.push([m.metricName, String(e.count), metricErrorText(e.message)]);
    const others = m.failedEvaluations - shown.reduce((n, e) => n + e.count, 0);
    if (shown.length && others > 0) rows.push([m.metricName, String(others), '(other errors)']);
  }
  return rows;
}
