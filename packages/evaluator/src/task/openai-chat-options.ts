import { ConfigError } from '../errors';
import type { ChatPrompt } from './chat-prompt';
import type { ModelPrices } from './pricing';

/** Options of {@link openAIChatTask}; environment defaults are read when the task is created. */
export interface OpenAIChatTaskOptions<I = unknown> {
  /** Default `OPENAI_BASE_URL`, else `https://api.openai.com/v1`; `/chat/completions` is appended. */
  baseURL?: string;
  /** Default `OPENAI_API_KEY`; sent as `Authorization: Bearer` only when non-empty. */
  apiKey?: string;
  model: string;
  /** `{input}`/`{field}` template, or a function returning the user message or all messages. */
  prompt?: ChatPrompt<I>;
  /** Prepended as a system message. */
  system?: string;
  temperature?: number;
  /** Sent as `max_tokens`. */
  maxTokens?: number;
  /** Merged into the request body last, so it may override any field (`stream: true` is refused). */
  extraBody?: Record<string, unknown>;
  /** Sent after the defaults, so they may override `Authorization` or `Content-Type`. */
  headers?: Record<string, string>;
  /** USD per million tokens; with usage in the response, each output gets a `cost`. */
  prices?: ModelPrices;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof fetch;
}

/** Validated options, ready to send. */
export interface ResolvedChatOptions<I> {
  url: URL;
  apiKey: string | undefined;
  model: string;
  prompt: ChatPrompt<I> | undefined;
  system: string | undefined;
  /** Body fields besides `model` and `messages`, in sending order. */
  bodyFields: Record<string, unknown>;
  headers: Record<string, string>;
  prices: ModelPrices | undefined;
  fetch: typeof fetch;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Checks options and fills in defaults; throws ConfigError naming the bad option. */
export function resolveChatOptions<I>(options: OpenAIChatTaskOptions<I>): ResolvedChatOptions<I> {
  if (!isPlainObject(options)) throw new ConfigError('openAIChatTask needs an options object with at least a model.');
  const { model, prompt, system, temperature, maxTokens, extraBody, headers, prices } = options;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new ConfigError('openAIChatTask needs a model, e.g. { model: "gpt-4o-mini" } or { model: "llama3.2" } for Ollama.');
  }
  if (prompt !== undefined && typeof prompt !== 'string' && typeof prompt !== 'function') {
    throw new ConfigError('openAIChatTask prompt must be a template string or a function (input, item) => string | messages.');
  }
  if (system !== undefined && typeof system !== 'string') throw new ConfigError('openAIChatTask system must be a string.');
  if (temperature !== undefined && !(typeof temperature === 'number' && Number.isFinite(temperature) && temperature >= 0)) {
    throw new ConfigError(`openAIChatTask temperature must be a number >= 0, got ${String(temperature)}.`);
  }
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens > 0)) {
    throw new ConfigError(`openAIChatTask maxTokens must be a positive integer, got ${String(maxTokens)}.`);
  }
  if (extraBody !== undefined && !isPlainObject(extraBody)) throw new ConfigError('openAIChatTask extraBody must be an object.');
  if (extraBody?.stream === true) {
    throw new ConfigError('openAIChatTask does not support streaming; remove stream: true from extraBody.');
  }
  if (headers !== undefined && !(isPlainObject(headers) && Object.values(headers).every((v) => typeof v === 'string'))) {
    throw new ConfigError('openAIChatTask headers must be an object of strings.');
  }
  if (prices !== undefined && !(isPrice(prices.inputPerMillion) && isPrice(prices.outputPerMillion))) {
    throw new ConfigError('openAIChatTask prices needs inputPerMillion and outputPerMillion, numbers >= 0 (USD per million tokens).');
  }
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw new ConfigError('openAIChatTask needs fetch (Node >= 18) or a fetch option.');
  if (options.apiKey !== undefined && typeof options.apiKey !== 'string') throw new ConfigError('openAIChatTask apiKey must be a string.');

  const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY;
  return {
    url: chatCompletionsUrl(options.baseURL ?? process.env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL),
    apiKey: apiKey === '' ? undefined : apiKey,
    model,
    prompt,
    system,
    bodyFields: {
      ...(temperature !== undefined && { temperature }),
      ...(maxTokens !== undefined && { max_tokens: maxTokens }),
      ...extraBody,
    },
    headers: headers ?? {},
    prices,
    fetch: fetchFn,
  };
}

/** `${baseURL}/chat/completions`, keeping any query string and ignoring trailing slashes. */
export function chatCompletionsUrl(baseURL: string): URL {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    // The value is not echoed: a misplaced API key would end up in logs.
    throw new ConfigError('openAIChatTask baseURL is not a URL; use e.g. https://api.openai.com/v1 or http://localhost:11434/v1.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`openAIChatTask baseURL must be http(s), got ${url.protocol}; use e.g. http://localhost:11434/v1.`);
  }
  // fetch refuses URLs with credentials; say so here rather than on every item (and keep them out of messages).
  if (url.username || url.password) {
    throw new ConfigError('openAIChatTask baseURL must not contain a user or password; pass apiKey or headers instead.');
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/chat/completions`;
  url.hash = '';
  return url;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPrice(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
