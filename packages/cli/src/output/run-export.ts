import type { EvaluationExport, ExportedFailure, ExportedResult } from '@llm-eval/evaluator';
import type { ItemRecord, RunWithMetrics, ScoreValue } from '@llm-eval/storage';

/** The formats `runs export` writes: the same files EvaluationResult.save writes. */
export const EXPORT_FORMATS = ['json', 'jsonl', 'csv'] as const;
/** One of EXPORT_FORMATS. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** ISO 8601 with an explicit UTC offset, as the evaluator writes it (Python's fromisoformat reads it). */
function isoUtc(date: Date | string): string {
  return new Date(date).toISOString().replace('Z', '+00:00');
}

function exportStatus(status: string): 'completed' | 'failed' | 'cancelled' {
  // The export format has no "running": a run exported while it runs is, as a file, an interrupted run.
  return status === 'completed' || status === 'failed' ? status : 'cancelled';
}

function errorLine(item: ItemRecord): string {
  const type = item.errorType ?? (item.status === 'failed' ? 'Error' : item.status[0]!.toUpperCase() + item.status.slice(1));
  return `${type}: ${item.errorMessage ?? ''}`;
}

/** Splits what the evaluator folded into metadata (metric reasons, attempts) back out. */
function splitMetadata(metadata: Record<string, unknown> | null) {
  if (!metadata) return { metadata: undefined, reasons: undefined, attempts: undefined };
  const { metric_reasons: reasons, attempts, ...rest } = metadata;
  return {
    metadata: Object.keys(rest).length ? rest : undefined,
    reasons: reasons && typeof reasons === 'object' ? (reasons as Record<string, string>) : undefined,
    attempts: typeof attempts === 'number' ? attempts : undefined,
  };
}

/**
 * A stored run in the Python LLM-Eval export format with llm-eval's lossless `llm_eval` block. A missing response
 * time stays null (not 0), so importing the file back gives the same statistics.
 */
export function runToExport(run: RunWithMetrics, items: readonly ItemRecord[]): EvaluationExport {
  const results: EvaluationExport['results'] = {};
  const errors: EvaluationExport['errors'] = {};
  const failures: Record<string, ExportedFailure> = {};
  for (const item of items) {
    const { metadata, reasons, attempts } = splitMetadata(item.metadata);
    const startedAt = item.startedAt ? { started_at: isoUtc(item.startedAt) } : {};
    if (item.status !== 'completed') {
      errors[item.itemId] = errorLine(item);
      failures[item.itemId] = {
        input: item.input ?? undefined,
        expected: item.expectedOutput ?? undefined,
        ...(metadata ? { metadata } : {}),
        error_type: item.errorType ?? undefined,
        error_message: item.errorMessage ?? undefined,
        ...(item.responseTime !== null ? { time: item.responseTime } : {}),
        ...startedAt,
      };
      continue;
    }
    const result: ExportedResult = {
      output: item.actualOutput,
      scores: { ...item.scores },
      success: true,
      time: item.responseTime as number,
      input: item.input,
      expected: item.expectedOutput,
      ...(metadata ? { metadata } : {}),
      ...(item.tokensUsed !== null ? { tokens_used: item.tokensUsed } : {}),
      ...(item.cost !== null ? { cost: item.cost } : {}),
      ...(reasons ? { reasons } : {}),
      ...startedAt,
      ...(attempts ? { attempts } : {}),
    };
    results[item.itemId] = result;
  }
  const metric_stats: EvaluationExport['metric_stats'] = {};
  const byName = new Map(run.metrics.map((m) => [m.metricName, m]));
  for (const name of new Set([...run.metricsUsed, ...byName.keys()])) {
    const m = byName.get(name);
    const scored = (m?.successfulEvaluations ?? 0) + (m?.failedEvaluations ?? 0);
    metric_stats[name] = {
      mean: m?.mean ?? null,
      std: m?.stdDev ?? null,
      min: m?.min ?? null,
      max: m?.max ?? null,
      success_rate: scored === 0 ? 0 : m!.successfulEvaluations / scored,
    };
  }
  const start = run.startedAt ?? run.createdAt;
  const end = run.completedAt ?? new Date(new Date(start).getTime() + run.durationSeconds * 1000);
  return {
    dataset_name: run.datasetName ?? '',
    run_name: run.name,
    start_time: isoUtc(start),
    end_time: isoUtc(end),
    duration: run.durationSeconds,
    total_items: items.length,
    success_rate: run.successRate,
    metrics: [...run.metricsUsed],
    metric_stats,
    results,
    errors,
    llm_eval: {
      format: 'llm-eval.export',
      version: 1,
      status: exportStatus(run.status),
      run_id: run.id,
      ...(run.modelName ? { model_name: run.modelName } : {}),
      item_order: items.map((i) => i.itemId),
      failures,
    },
  };
}

/** JSONL: a `run` line (the export minus its items), then one `item` line per item, in order. */
export function runToJsonl(run: RunWithMetrics, items: readonly ItemRecord[]): string {
  const { results: _results, errors: _errors, llm_eval, ...head } = runToExport(run, items);
  const lines = [JSON.stringify({ type: 'run', ...head, llm_eval: { ...llm_eval, failures: undefined } })];
  for (const item of items) {
    const ok = item.status === 'completed';
    const { metadata, reasons } = splitMetadata(item.metadata);
    lines.push(
      JSON.stringify({
        type: 'item',
        id: item.itemId,
        input: item.input,
        expected: item.expectedOutput,
        output: item.actualOutput ?? undefined,
        success: ok,
        error: ok ? undefined : errorLine(item),
        error_type: item.errorType ?? undefined,
        error_message: item.errorMessage ?? undefined,
        scores: item.scores,
        reasons,
        time: item.responseTime,
        tokens_used: item.tokensUsed ?? undefined,
        cost: item.cost ?? undefined,
        metadata,
        started_at: item.startedAt ? new Date(item.startedAt).toISOString() : undefined,
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180 quoting, as csv-stringify does by default: only fields with a comma, quote or line break. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function scoreCell(value: ScoreValue | undefined): string {
  return value !== null && typeof value === 'object' ? `error: ${value.error}` : cell(value);
}

/** CSV: one row per item with a `score:<metric>` column per metric of the run. */
export function runToCsv(run: RunWithMetrics, items: readonly ItemRecord[]): string {
  const metrics = run.metricsUsed;
  const header = ['id', 'success', 'input', 'expected', 'output', 'error', 'response_time', 'tokens_used', 'cost', ...metrics.map((m) => `score:${m}`)];
  const rows = items.map((item) => [
    item.itemId,
    item.status === 'completed' ? 'true' : 'false',
    cell(item.input),
    cell(item.expectedOutput),
    cell(item.actualOutput),
    item.status === 'completed' ? '' : errorLine(item),
    cell(item.responseTime),
    cell(item.tokensUsed),
    cell(item.cost),
    ...metrics.map((m) => scoreCell(item.scores[m])),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** The file text of a run in a format. */
export function formatRunExport(format: ExportFormat, run: RunWithMetrics, items: readonly ItemRecord[]): string {
  if (format === 'jsonl') return runToJsonl(run, items);
  if (format === 'csv') return runToCsv(run, items);
  return `${JSON.stringify(runToExport(run, items), null, 2)}\n`;
}
