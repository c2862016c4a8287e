import { DatasetError, migrateFromEvaluationResult, parseExportText } from '@llm-eval/evaluator';
import type { Database, RunWithMetrics } from '@llm-eval/storage';
import { ApiError } from '../errors';
import { refusalMessage, TOO_DEEP_MESSAGE, unstorableValue } from '../json-body';
import type { AuditContext } from '../audit/audit-trail';

/** Content types an export upload may have, and the export format each means. */
export const UPLOAD_CONTENT_TYPES = {
  'application/json': 'json',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/jsonlines': 'jsonl',
} as const;

export type UploadContentType = keyof typeof UPLOAD_CONTENT_TYPES;

/** What the client asked for with the upload's query parameters. */
export interface ImportRequest {
  projectId?: string;
  createdBy?: string;
  tags?: string[];
  allowDuplicate?: boolean;
  /** Only runs of these projects count as duplicates (the caller's scope); undefined: every run. */
  duplicateProjectIds?: string[];
  /** Who imports it: the run.imported audit entry names them. */
  audit?: AuditContext;
}

/** The export format a request's Content-Type names (its media type without parameters such as charset). */
export function uploadFormat(contentType: string | undefined): 'json' | 'jsonl' {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase() as UploadContentType;
  return UPLOAD_CONTENT_TYPES[media] ?? 'json';
}

/**
 * Stores an uploaded export file (the Python LLM-Eval's JSON, llm-eval's JSON or JSONL — what `llm-eval db migrate`
 * takes) as a run, through the evaluator's own parsing and normalising, in one transaction on the server's open
 * database: a file that cannot be read or stored leaves nothing behind. An export the database already holds is a
 * DuplicateImportError (409) unless allowDuplicate; with duplicateProjectIds, only runs of those projects count.
 */
export async function importUpload(
  db: Database,
  text: string,
  format: 'json' | 'jsonl',
  request: ImportRequest,
): Promise<{ run: RunWithMetrics; warnings: string[] }> {
  let runId: string;
  const warnings: string[] = [];
  try {
    const data = parseExportText(text, { format, name: 'upload' });
    // JSON.parse reads 1e400 as Infinity, which would be stored as null; a config or item input nested deeper than
    // storage keeps would fail the insert (a 500); a `__proto__` key is refused in every JSON body: refuse each,
    // naming where it is.
    const unstorable = unstorableValue(data, 'export', false, true);
    if (unstorable) {
      const what = unstorable.problem === 'too_deep' ? `${unstorable.path} ${TOO_DEEP_MESSAGE}.` : refusalMessage(unstorable);
      throw new ApiError(400, 'invalid_request', `The uploaded export cannot be imported: ${what} Nothing was stored.`, { field: unstorable.path });
    }
    runId = await migrateFromEvaluationResult(data, {
      database: db,
      duplicateProjectIds: request.duplicateProjectIds,
      projectId: request.projectId,
      createdBy: request.createdBy,
      tags: request.tags?.length ? request.tags : undefined,
      allowDuplicate: request.allowDuplicate ?? false,
      audit: request.audit,
      onWarning: (warning) => warnings.push(warning),
    });
  } catch (error) {
    if (error instanceof DatasetError) {
      const hint =
        format === 'jsonl'
          ? 'Send llm-eval JSONL (a "run" line, then "item" lines) as application/x-ndjson.'
          : 'Send the JSON export (Python LLM-Eval or llm-eval) as application/json, or JSONL as application/x-ndjson.';
      throw new ApiError(400, 'invalid_request', `The uploaded export cannot be imported: ${error.message}. Nothing was stored. ${hint}`, {
        field: 'body',
        ...(error.line !== undefined ? { line: error.line } : {}),
      });
    }
    // A value JSON cannot represent (e.g. nesting too deep to walk) is a problem of the file, not of the server.
    if (error instanceof RangeError) {
      throw new ApiError(400, 'invalid_request', `The uploaded export cannot be imported: ${error.message}. Nothing was stored.`, { field: 'body' });
    }
    throw error;
  }
  return { run: await db.runs.requireRun(runId), warnings };
}
