/** What a response to a hostile request must never contain. */
const LEAKS: Array<[RegExp, string]> = [
  [/ {4}at /, 'a stack trace'],
  [/\bSELECT\b/, 'SQL (SELECT)'],
  [/\b(?:INSERT INTO|DELETE FROM)\b/, 'SQL (INSERT/DELETE)'],
  [/syntax error at or near/i, 'a PostgreSQL syntax error'],
  [/SQLITE_[A-Z]+/, 'a SQLite error code'],
  [/QueryFailedError|TypeORMError/, 'a TypeORM error'],
  [/node_modules/, 'a server file path'],
];

/** A response as the tests see it. */
export interface SeenResponse {
  status: number;
  contentType: string;
  text: string;
}

/**
 * The problems of one response to a hostile request: a 5xx, a 4xx without the one error shape
 * `{ error: { code, message, details } }`, or a stack trace, SQL or a secret in the body.
 */
export function responseProblems(res: SeenResponse, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`status ${res.status}`);
  if (res.status >= 400) {
    const shape = errorShapeProblem(res);
    if (shape) problems.push(shape);
  }
  for (const [pattern, what] of LEAKS) if (pattern.test(res.text)) problems.push(`contains ${what}`);
  for (const secret of secrets) if (res.text.includes(secret)) problems.push('contains the database password');
  return problems;
}

function errorShapeProblem(res: SeenResponse): string | null {
  if (!/^application\/json/.test(res.contentType)) return `error with content-type ${res.contentType || 'none'}, not JSON`;
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return 'error body is not JSON';
  }
  const keys = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).sort().join(',') : null);
  if (keys(body) !== 'error') return `error body has keys ${keys(body)}, not { error }`;
  const error = (body as { error: Record<string, unknown> }).error;
  if (keys(error) !== 'code,details,message') return `error has keys ${keys(error)}, not { code, message, details }`;
  if (typeof error.code !== 'string' || error.code === '') return 'error.code is not a string';
  if (typeof error.message !== 'string' || error.message.trim() === '') return 'error.message is empty';
  if (keys(error.details) === null) return 'error.details is not an object';
  return null;
}
