import { z } from 'zod';
import { EXPORT_FORMATS, type ExportFormat } from '@llm-eval/evaluator';
import { errorResponses, runParams } from './common';

/** Query of GET /runs/:run/export. */
export const exportQuery = z.object({
  format: z
    .enum(EXPORT_FORMATS)
    .default('json')
    .describe('json (the Python LLM-Eval format with the lossless llm_eval block, importable again), jsonl or csv; default json'),
});

/** The Content-Type of each export format. */
export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** The schema of GET /runs/:run/export, for validation and the OpenAPI document. */
export const exportRouteSchema = {
  tags: ['runs'],
  summary: 'Download a run as the file `llm-eval runs export` writes (JSON, JSONL or CSV), streamed',
  description:
    'The body is streamed as the items are read, so runs of any size export in constant server memory. JSON: ' +
    'dataset_name, run_name, …, metric_stats, results, errors and the lossless llm_eval block. JSONL: a "run" line, ' +
    'then one "item" line per item. CSV: id, success, input, expected, output, error, response_time, tokens_used, ' +
    "cost, score:<metric>… (text cells starting with = + - @, a tab or a carriage return get a leading ').",
  params: runParams,
  querystring: exportQuery,
  response: {
    200: {
      description: 'The export file, as an attachment (Content-Disposition names it after the run)',
      content: {
        'application/json': { schema: z.record(z.string(), z.unknown()).describe('the export document') },
        'application/x-ndjson': { schema: z.string().describe('one JSON object per line') },
        'text/csv': { schema: z.string().describe('RFC 4180 CSV with a header row') },
      },
    },
    ...errorResponses(400, 401, 404, 409, 429, 503),
  },
};
