import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors';

/** Refuses bytes that are not UTF-8 instead of replacing them with U+FFFD (which would be stored as if sent). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The charsets a body is read in: JSON is UTF-8 (RFC 8259), and US-ASCII is a part of it. */
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/**
 * Charsets in which ASCII text is not the same bytes (UTF-16 and UTF-32 put zero bytes between, UTF-7 and EBCDIC
 * use other codes): a body declaring one is refused even when all its bytes are below 0x80.
 */
const NOT_ASCII_SUPERSETS = /^(utf-?(7|16|32)|ucs-?[24]|unicode|x-?ebcdic|ebcdic)|^(ibm|cp)0*(37|273|277|278|280|284|285|297|500|871|875|1026|1047|114[0-9])$/i;

/**
 * A request body's bytes as text, or a 4xx saying what to send instead. Node would decode any bytes as UTF-8 and put
 * U+FFFD in place of what is not: `charset=iso-8859-1` with "café" was stored as "caf�", and stray bytes in a string
 * likewise, with a 201. So:
 * - a Content-Encoding other than identity (gzip, br, …) is a 415: the body would be read as compressed bytes and
 *   answered "not valid JSON", which says nothing of the real problem;
 * - a declared charset other than UTF-8 (any case, quoted or not) or US-ASCII is a 415 saying to send UTF-8, unless
 *   every byte is below 0x80: ASCII is the same bytes in every ASCII-compatible charset (ISO-8859-1, windows-1252,
 *   …), so such a body means the same text whatever it declares;
 * - bytes that are not UTF-8 are a 400 naming the offset of the first bad byte.
 */
export function bodyText(request: FastifyRequest, bytes: Buffer): string {
  refuseContentEncoding(request);
  const charset = declaredCharset(request.headers['content-type']);
  if (charset !== null && !UTF8_NAMES.has(charset.toLowerCase()) && !(asciiSuperset(charset) && isAscii(bytes))) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `The body declares charset ${JSON.stringify(charset.slice(0, 40))}: the API reads only UTF-8 (a body of ASCII characters alone is read under any ASCII-compatible charset). Send the body encoded as UTF-8 (charset=utf-8, or no charset).`,
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

/** The charset parameter of a Content-Type (`application/json; charset="UTF-8"` or `charset='utf-8'` → the name), or null. */
function declaredCharset(contentType: string | undefined): string | null {
  for (const parameter of (contentType ?? '').split(';').slice(1)) {
    const eq = parameter.indexOf('=');
    if (eq < 0 || parameter.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    return parameter
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$|^'(.*)'$/, '$1$2')
      .trim();
  }
  return null;
}

/** Whether ASCII characters are the same bytes in `charset` as in UTF-8 (true of every charset but a few). */
function asciiSuperset(charset: string): boolean {
  return !NOT_ASCII_SUPERSETS.test(charset.trim());
}

/** Whether every byte is below 0x80. */
function isAscii(bytes: Buffer): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
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
