import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors';

/** Refuses bytes that are not UTF-8 instead of replacing them with U+FFFD (which would be stored as if sent). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The charsets a body may declare: JSON is UTF-8 (RFC 8259), and the API reads no other. */
const UTF8_NAMES = new Set(['utf-8', 'utf8']);

/**
 * A request body's bytes as text, or a 4xx saying what to send instead. Node would decode any bytes as UTF-8 and put
 * U+FFFD in place of what is not: `charset=iso-8859-1` with "café" was stored as "caf�", and stray bytes in a string
 * likewise, with a 201. So:
 * - a Content-Encoding other than identity (gzip, br, …) is a 415: the body would be read as compressed bytes and
 *   answered "not valid JSON", which says nothing of the real problem;
 * - a declared charset other than UTF-8 is a 415 saying to send UTF-8;
 * - bytes that are not UTF-8 are a 400 naming the offset of the first bad byte.
 */
export function bodyText(request: FastifyRequest, bytes: Buffer): string {
  refuseContentEncoding(request);
  const charset = declaredCharset(request.headers['content-type']);
  if (charset !== null && !UTF8_NAMES.has(charset.toLowerCase())) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `The body declares charset ${JSON.stringify(charset.slice(0, 40))}: the API reads only UTF-8. Send the body encoded as UTF-8 (charset=utf-8, or no charset).`,
      { contentType: String(request.headers['content-type']).slice(0, 100), accepted: ['utf-8'] },
    );
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    throw new ApiError(
      400,
      'invalid_request',
      `The body is not valid UTF-8: the byte at offset ${offset} (0x${bytes[offset]?.toString(16).padStart(2, '0') ?? '??'}) does not start or continue a UTF-8 character. Send the body encoded as UTF-8.`,
      { field: 'body', offset },
    );
  }
}

/** A 415 for a compressed (or otherwise encoded) body: the API takes bodies as they are. */
export function refuseContentEncoding(request: FastifyRequest): void {
  const given = request.headers['content-encoding'];
  const encoding = (Array.isArray(given) ? given.join(', ') : (given ?? '')).trim();
  if (encoding === '' || encoding.toLowerCase() === 'identity') return;
  throw new ApiError(
    415,
    'unsupported_media_type',
    `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not accepted: the API takes uncompressed bodies. Send the body as it is, without a Content-Encoding.`,
    { contentEncoding: encoding.slice(0, 40), accepted: ['identity'] },
  );
}

/** The charset parameter of a Content-Type (`application/json; charset="UTF-8"` → UTF-8), or null. */
function declaredCharset(contentType: string | undefined): string | null {
  for (const parameter of (contentType ?? '').split(';').slice(1)) {
    const eq = parameter.indexOf('=');
    if (eq < 0 || parameter.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    return parameter.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return null;
}

/** The offset of the first byte that breaks UTF-8 (only walked once the decoder has said there is one). */
function firstInvalidUtf8Byte(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1) {
      try {
        UTF8.decode(bytes.subarray(i, i + length));
      } catch {
        return i;
      }
    }
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}
