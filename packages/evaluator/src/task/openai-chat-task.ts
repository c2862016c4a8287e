import { RetryableError } from '../errors';
import type { TaskFunction, TaskOutputWithUsage } from '../types';
import { chatApiError, type ChatRequestInfo } from './chat-api-error';
import { parseChatCompletion } from './chat-completion';
import { buildChatMessages } from './chat-prompt';
import { resolveChatOptions, type OpenAIChatTaskOptions } from './openai-chat-options';

/**
 * A task that sends each input to an OpenAI-compatible `/chat/completions` endpoint (OpenAI, Ollama,
 * vLLM, llama.cpp server) and returns the reply with tokens, cost and metadata.
 */
export function openAIChatTask<I = unknown>(options: OpenAIChatTaskOptions<I>): TaskFunction<I, TaskOutputWithUsage<string>> {
  const config = resolveChatOptions(options);
  const { apiKey } = config;
  const request: ChatRequestInfo = {
    model: config.model,
    url: config.url.href,
    hasApiKey: apiKey !== undefined,
    redact: (text) => (apiKey && apiKey.length >= 4 ? text.split(apiKey).join('***') : text),
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    ...(apiKey !== undefined && { authorization: `Bearer ${apiKey}` }),
    ...lowerCaseKeys(config.headers),
  };

  return async (input, context) => {
    const messages = await buildChatMessages(input, context.item, config.prompt, config.system);
    const body = JSON.stringify({ model: config.model, messages, ...config.bodyFields });

    let status: number;
    let responseHeaders: Headers;
    let text: string;
    try {
      const response = await config.fetch(config.url, { method: 'POST', headers, body, signal: context.signal });
      ({ status, headers: responseHeaders } = response);
      text = await response.text();
    } catch (error) {
      // An abort (timeout, cancelled run) is the evaluator's own decision: hand its reason back untouched.
      if (context.signal.aborted) throw error;
      throw new RetryableError(`Could not reach ${request.url}: ${request.redact(describeNetworkError(error))}`, undefined, {
        cause: error,
      });
    }

    if (status < 200 || status >= 300) throw chatApiError(status, responseHeaders, text, request);
    return parseChatCompletion(text, status, request, config.prices);
  };
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
