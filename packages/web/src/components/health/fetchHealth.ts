import { answerError, apiUrl, unreachable, withToken } from '../../api/client';
import { isHealthReport as isReport } from '../../api/endpoints';
import { session } from '../../api/session';
import type { HealthReportJson } from '../../api/types';

/** A health report and the HTTP status it came with (503: the database is not usable, yet the report says why). */
export interface HealthAnswer {
  status: number;
  report: HealthReportJson;
}


/**
 * GET /health, reading the report from a 200 and a 503 alike. A network failure, or an answer that is no report
 * (a proxy's 502 page, an API error), becomes an ApiRequestError in words, for the page's ErrorPanel.
 */
export async function fetchHealth(signal?: AbortSignal): Promise<HealthAnswer> {
  const { headers, token } = withToken({ accept: 'application/json' });
  let response: Response;
  try {
    response = await fetch(apiUrl('/health'), { signal, headers });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw unreachable();
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (isReport(body)) {
    session.accepted(token);
    return { status: response.status, report: body };
  }
  throw answerError(response, body, token, `The server answered ${response.status} ${response.statusText} without a health report.`);
}
