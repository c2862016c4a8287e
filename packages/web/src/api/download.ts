import { answerError, unreachable, withToken } from './client';

/** The file name of a Content-Disposition: `filename*` (UTF-8, RFC 5987) when present, else `filename`. */
export function attachmentFileName(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // A malformed percent-encoding: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/i.exec(disposition);
  return plain ? (plain[1] ?? plain[2] ?? null) : null;
}

/**
 * Downloads an API URL as a file through fetch, so the request carries the tab's token (a plain link cannot send
 * a header). The whole answer is held in memory as a Blob before it is saved. Failures are ApiRequestErrors in words.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const { headers, token } = withToken({});
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch {
    throw unreachable();
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw answerError(response, body, token);
  }
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = attachmentFileName(response.headers.get('content-disposition')) ?? fallbackName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a moment later: some browsers start reading the object URL only after click() has returned.
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
}
