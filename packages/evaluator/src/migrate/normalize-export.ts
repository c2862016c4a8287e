import type { CreateRunInput, ItemInput } from '@llm-eval/storage';
import { DatasetError } from '../errors';
import type { EvaluationExport, ExportedResult } from '../result/export-format';

/** A run and its items, ready for the repository. @internal */
export interface NormalizedImport {
  run: CreateRunInput;
  items: ItemInput[];
}

/** Python writes naive local timestamps; without an offset we read them as UTC. */
function parseTime(value: unknown, field: string): Date {
  if (typeof value !== 'string' || value.trim() === '') throw new DatasetError(`the export's "${field}" is missing or not a string`);
  const text = /([zZ]|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new DatasetError(`the export's "${field}" is not a valid timestamp: ${value}`);
  return date;
}

function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "TimeoutError: request timed out" → type TimeoutError; a message without such a prefix has no type. */
function splitError(text: string): { type: string | null; message: string } {
  const match = /^([A-Za-z_][\w.]*(?:Error|Exception|Timeout|Warning)?):\s*(.*)$/s.exec(text);
  if (match && /^[A-Z]/.test(match[1]!)) return { type: match[1]!, message: match[2]! };
  return { type: null, message: text };
}

function nonNegative(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** Orders item ids as the export lists them, or item_N by N when that is all there is. */
function itemOrder(data: EvaluationExport): string[] {
  if (data.llm_eval?.item_order) return data.llm_eval.item_order;
  const ids = [...Object.keys(data.results ?? {}), ...Object.keys(data.errors ?? {})];
  if (ids.every((id) => /^item_\d+$/.test(id))) return ids.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  return ids;
}

/**
 * Turns a Python LLM-Eval export (or llm-eval's own) into a run and items. Keeps the export's timing, records
 * `errors` entries as failed items with their messages, keeps boolean scores (stored as booleans, counted as 1/0)
 * and `{ "error": … }` scores as metric errors.
 * @internal
 */
export function normalizeExport(data: EvaluationExport): Omit<NormalizedImport, 'run'> & { run: Omit<CreateRunInput, 'projectId' | 'createdBy' | 'tags'> } {
  if (typeof data !== 'object' || data === null || typeof data.results !== 'object' || data.results === null) {
    throw new DatasetError('not an LLM-Eval export: it has no "results" object');
  }
  const start = parseTime(data.start_time, 'start_time');
  const end = data.end_time ? parseTime(data.end_time, 'end_time') : start;
  const duration = nonNegative(data.duration) ?? Math.max(0, (end.getTime() - start.getTime()) / 1000);
  const failures = data.llm_eval?.failures ?? {};
  const items: ItemInput[] = itemOrder(data).map((id, sequenceNumber) => {
    const ok: ExportedResult | undefined = data.results[id];
    if (ok) {
      return {
        itemId: id,
        sequenceNumber,
        input: ok.input ?? null,
        expectedOutput: asText(ok.expected),
        actualOutput: asText(ok.output),
        status: ok.success === false ? 'failed' : 'completed',
        responseTime: nonNegative(ok.time),
        tokensUsed: Number.isInteger(ok.tokens_used) ? ok.tokens_used! : null,
        cost: nonNegative(ok.cost),
        startedAt: ok.started_at ? parseTime(ok.started_at, `results.${id}.started_at`) : null,
        scores: Object.fromEntries(
          Object.entries(ok.scores ?? {}).map(([name, value]) => [
            name,
            typeof value === 'number' || typeof value === 'boolean'
              ? value
              : { error: typeof (value as { error?: unknown })?.error === 'string' ? (value as { error: string }).error : `invalid score in export: ${JSON.stringify(value)}` },
          ]),
        ),
        metadata:
          ok.metadata || ok.reasons || ok.attempts
            ? { ...ok.metadata, ...(ok.reasons ? { metric_reasons: ok.reasons } : {}), ...(ok.attempts ? { attempts: ok.attempts } : {}) }
            : null,
      };
    }
    const text = data.errors?.[id] ?? 'Error: unknown failure';
    const detail = failures[id];
    const split = splitError(text);
    return {
      itemId: id,
      sequenceNumber,
      input: detail?.input ?? null,
      expectedOutput: asText(detail?.expected),
      status: 'failed',
      errorType: detail?.error_type ?? split.type,
      errorMessage: detail?.error_message ?? split.message,
      responseTime: nonNegative(detail?.time),
      startedAt: detail?.started_at ? parseTime(detail.started_at, `failures.${id}.started_at`) : null,
      metadata: detail?.metadata ?? null,
    };
  });
  const status = data.llm_eval?.status ?? 'completed';
  return {
    run: {
      name: (data.run_name || `${data.dataset_name ?? 'imported'}-${start.toISOString()}`).slice(0, 255),
      status,
      datasetName: data.dataset_name ?? null,
      modelName: data.llm_eval?.model_name ?? null,
      metricsUsed: Array.isArray(data.metrics) ? data.metrics : Object.keys(data.metric_stats ?? {}),
      createdAt: start,
      startedAt: start,
      completedAt: end,
      durationSeconds: duration,
      config: { importedFrom: data.llm_eval ? 'llm-eval' : 'python-llm-eval' },
    },
    items,
  };
}
