import { decodeQueryText, isSecretParamName } from './secret-names';

/** A parameter whose name says it carries a secret, and where its value is in the URL text. */
interface SecretParam {
  value: string;
  start: number;
  end: number;
}

/**
 * The non-empty values of the secret-looking query parameters of a URL (`?key=`, `?api-key=`, `?access_token=`,
 * `?sig=`): the query is everything after the first `?` up to a `#`, split on `&`, as a server reads it.
 */
function secretParams(url: string): SecretParam[] {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return [];
  const hash = url.indexOf('#', queryStart);
  const queryEnd = hash < 0 ? url.length : hash;
  const params: SecretParam[] = [];
  let at = queryStart + 1;
  for (const part of url.slice(queryStart + 1, queryEnd).split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && eq < part.length - 1 && isSecretParamName(part.slice(0, eq))) params.push({ value: part.slice(eq + 1), start: at + eq + 1, end: at + part.length });
    at += part.length + 1;
  }
  return params;
}

/**
 * A URL as messages show it: the value of every query parameter named like a secret replaced with `***`. Azure's
 * `?api-key=`, a proxy's `?token=`, a signed URL's `?sig=` put the key in baseURL itself, and every message names the URL.
 */
export function maskSecretParams(url: string): string {
  let masked = url;
  // From the end, so that the positions of the values before stay right.
  for (const { start, end } of secretParams(url).reverse()) masked = `${masked.slice(0, start)}***${masked.slice(end)}`;
  return masked;
}

/** The values of a URL's secret-looking query parameters, as written and decoded: an API may echo either. */
export function secretParamValues(url: string): string[] {
  return secretParams(url).flatMap(({ value }) => [value, decodeQueryText(value)]);
}
