/** Lone UTF-16 surrogates (not encodable as UTF-8, so not in a header). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Controls, format characters (bidirectional overrides could disguise the extension) and path or shell-special characters. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\:*?"<>|%;]+/gu;

/**
 * The Content-Disposition of a run's export: `attachment` with an ASCII file name for every client and the run's
 * own name (UTF-8, RFC 5987) for those that read `filename*`. Names never carry a path, a quote, a control or
 * format character, and are at most 80 characters before `-<id prefix>.<ext>`.
 */
export function attachmentDisposition(runName: string, runId: string, extension: string): string {
  const suffix = `-${runId.slice(0, 8).replace(/[^A-Za-z0-9]/g, '')}.${extension}`;
  const unicode = [...runName.replace(LONE_SURROGATE, '').replace(UNSAFE, '-').replace(/\s+/g, ' ')]
    .slice(0, 80)
    .join('')
    .replace(/^[\s.-]+|[\s.-]+$/g, '');
  const ascii = unicode
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
  const fallback = `${ascii || 'run'}${suffix}`;
  const utf8 = `${unicode || 'run'}${suffix}`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(utf8)}`;
}

/** Percent-encodes everything but RFC 5987's attr-char. */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
