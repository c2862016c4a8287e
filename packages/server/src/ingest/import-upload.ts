import { DatasetError, migrateFromEvaluationResult, parseExportText, UnstorableValueError } from '@llm-eval/evaluator';
import type { Database, RunWithMetrics } from '@llm-eval/storage';
import { ApiError } from '../errors';
import { refusalMessage } from '../json-body';
import { refusedExportKey } from './export-key-refusal';
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
  /**
   * The project to store the run in, given the one the file names (llm_eval.project_id; undefined when none): a scoped
   * caller's check of it. Without it, `projectId` overrides the file's project, and the file's own is kept otherwise.
   */
  projectFor?: (named: string | undefined) => string | undefined;
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
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  // Own keys only: the media type is the client's text, and `constructor` is on every object's prototype.
  return Object.hasOwn(UPLOAD_CONTENT_TYPES, media) ? UPLOAD_CONTENT_TYPES[media as UploadContentType] : 'json';
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
    // Numbers out of range (1e400) and fields nested deeper than storage keeps are refused by parseExportText, as
    // `llm-eval db migrate` refuses them (UnstorableValueError); a `__proto__` key is refused in every JSON body, but
    // for the keys that name items and metrics (data, which the API's own exports write).
    const data = parseExportText(text, { format, name: 'upload' });
    const refused = refusedExportKey(data);
    if (refused) throw new ApiError(400, 'invalid_request', `The uploaded export cannot be imported: ${refusalMessage(refused)} Nothing was stored.`, { field: refused.path });
    runId = await migrateFromEvaluationResult(data, {
      database: db,
      duplicateProjectIds: request.duplicateProjectIds,
      projectId: request.projectFor ? request.projectFor(namedProject(data)) : request.projectId,
      createdBy: request.createdBy,
      tags: request.tags?.length ? request.tags : undefined,
      allowDuplicate: request.allowDuplicate ?? false,
      audit: request.audit,
      onWarning: (warning) => warnings.push(warning),
    });
  } catch (error) {
    if (error instanceof UnstorableValueError) {
      const where = error.line !== undefined ? `line ${error.line}: ` : '';
      throw new ApiError(400, 'invalid_request', `The uploaded export cannot be imported: ${where}${error.reason}. Nothing was stored.`, {
        field: `export.${error.path}`,
        ...(error.line !== undefined ? { line: error.line } : {}),
      });
    }
    if (error instanceof DatasetError) {
      const hint =
        format === 'jsonl'
          ? 'Send llm-eval JSONL (a "run" line, then "item" lines) as application/x-ndjson.'
          : 'Send the JSON export (Python LLM-Eval or llm-eval) as application/json, or JSONL as application/x-ndjson.';
      throw new ApiError(400, 'invalid_request', `The uploaded export cannot be imported: ${sentence(error.message)} Nothing was stored. ${hint}`, {
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

/** The project an export names (llm_eval.project_id, as the import reads it), or undefined. */
function namedProject(data: unknown): string | undefined {
  const block = (data as { llm_eval?: unknown } | null)?.llm_eval;
  const named = typeof block === 'object' && block !== null ? (block as { project_id?: unknown }).project_id : undefined;
  return typeof named === 'string' && named !== '' ? named : undefined;
}

/** A message as a sentence: "…export?" stays as it is, not "…export?.". */
function sentence(message: string): string {
  return /[.?!]$/.test(message) ? message : `${message}.`;
}
