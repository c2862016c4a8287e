import { RetryableError } from '../errors';
import type { TaskFunction, TaskOutputWithUsage } from '../types';
import { chatApiError, type ChatRequestInfo } from './chat-api-error';
import { redirectError } from './chat-redirect';
import { parseChatCompletion } from './chat-completion';
import { buildChatMessages } from './chat-prompt';
import { resolveChatOptions, type OpenAIChatTaskOptions } from './openai-chat-options';
import { requestSecrets } from './request-secrets';
import { maskSecretParams, secretParamValues } from './url-secrets';

/**
 * A task that sends each input to an OpenAI-compatible `/chat/completions` endpoint (OpenAI, Ollama,
 * vLLM, llama.cpp server) and returns the reply with tokens, cost and metadata.
 */
export function openAIChatTask<I = unknown>(options: OpenAIChatTaskOptions<I>): TaskFunction<I, TaskOutputWithUsage<string>> {
  const config = resolveChatOptions(options);
  const { apiKey } = config;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    ...(apiKey !== undefined && { authorization: `Bearer ${apiKey}` }),
    ...lowerCaseKeys(config.headers),
  };
  // Every credential the request sends is kept out of messages, wherever it came from: the apiKey option, a key given
  // in `headers` (`Authorization: Bearer …`, Azure's `api-key`, `x-api-key`), or one in baseURL's query (`?api-key=`,
  // `?token=`, `?sig=`), which every message would otherwise show as part of the URL.
  const secrets = requestSecrets(headers, [apiKey, ...secretParamValues(config.url.href)]);
  const request: ChatRequestInfo = {
    model: config.model,
    url: maskSecretParams(config.url.href),
    hasApiKey: secrets.hasCredential,
    keyAdvice: keyAdvice(secrets.headerNames, headers, apiKey),
    redact: secrets.redact,
  };

  return async (input, context) => {
    const messages = await buildChatMessages(input, context.item, config.prompt, config.system);
    const body = JSON.stringify({ model: config.model, messages, ...config.bodyFields });

    let status: number;
    let responseHeaders: Headers;
    let text: string;
    let hiddenRedirect = false;
    try {
      // Never followed: a redirect would carry the key's header to wherever the Location points (fetch drops only
      // Authorization on a cross-origin hop, not `api-key`), and a POST that lands elsewhere is a misconfiguration.
      const response = await config.fetch(config.url, { method: 'POST', headers, body, signal: context.signal, redirect: 'manual' });
      ({ status, headers: responseHeaders } = response);
      // A fetch that hides redirects (opaqueredirect): refused below, outside the catch that makes network errors retryable.
      hiddenRedirect = response.type === 'opaqueredirect';
      text = hiddenRedirect ? '' : await response.text();
    } catch (error) {
      // An abort (timeout, cancelled run) is the evaluator's own decision: hand its reason back untouched.
      if (context.signal.aborted) throw error;
      throw new RetryableError(`Could not reach ${request.url}: ${request.redact(describeNetworkError(error))}`, undefined, {
        cause: error,
      });
    }

    if (hiddenRedirect) throw redirectError(0, undefined, request);
    if (REDIRECT_STATUSES.has(status)) throw redirectError(status, responseHeaders.get('location') ?? undefined, request);
    if (status < 200 || status >= 300) throw chatApiError(status, responseHeaders, text, request);
    return parseChatCompletion(text, status, request, config.prices);
  };
}

/** The statuses that redirect (a 304 or 300 does not point anywhere to go; it is an unexpected answer like any other). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What to check when the API refuses the key, named after where the key came from. */
function keyAdvice(credentialHeaders: string[], headers: Record<string, string>, apiKey: string | undefined): string {
  const given = credentialHeaders.filter((name) => !(name === 'authorization' && apiKey !== undefined && headers[name] === `Bearer ${apiKey}`));
  if (given.length === 0) return 'Check OPENAI_API_KEY or the apiKey option.';
  const names = given.map((name) => `"${name}"`).join(', ');
  return `Check the key in the ${names} header${given.length === 1 ? '' : 's'} of the headers option.`;
}

// Header names are case-insensitive; one spelling lets a user's `Authorization` replace ours.
function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

// undici rejects with TypeError('fetch failed') and the socket error (ECONNREFUSED, …) as its cause.
// Duck-typed: errors from Node's fetch may come from another realm (e.g. under Jest) and fail instanceof.
function describeNetworkError(error: unknown): string {
  const { message, cause } = asErrorLike(error) ?? { message: String(error) };
  const inner = asErrorLike(cause);
  if (!inner) return message;
  return inner.code && !inner.message.includes(inner.code) ? `${inner.code} ${inner.message}` : inner.message;
}

function asErrorLike(value: unknown): { message: string; code?: string; cause?: unknown } | undefined {
  if (typeof value !== 'object' || value === null || typeof (value as { message?: unknown }).message !== 'string') return undefined;
  const { message, code, cause } = value as { message: string; code?: unknown; cause?: unknown };
  return { message, cause, ...(typeof code === 'string' && { code }) };
}
