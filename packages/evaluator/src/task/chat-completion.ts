import { ModelApiError } from '../errors';
import type { TaskOutputWithUsage } from '../types';
import type { ChatRequestInfo } from './chat-api-error';
import { computeCost, type ModelPrices } from './pricing';

/** What {@link parseChatCompletion} puts in `metadata`. */
export interface ChatCompletionMetadata {
  /** The model that answered, as the server reports it. */
  model?: string;
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
}

/**
 * Output, tokens and cost from a 200 chat-completions body; throws ModelApiError when the body
 * is not JSON or has no text in `choices[0].message.content`.
 */
export function parseChatCompletion(
  bodyText: string,
  status: number,
  request: ChatRequestInfo,
  prices: ModelPrices | undefined,
): TaskOutputWithUsage<string> & { metadata: ChatCompletionMetadata } {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch (error) {
    throw new ModelApiError(`${request.url} answered HTTP ${status} with a body that is not JSON: ${excerpt(request.redact(bodyText))}`, status, { cause: error });
  }
  const completion = asRecord(body);
  const choice = asRecord(Array.isArray(completion.choices) ? completion.choices[0] : undefined);
  const content = asRecord(choice.message).content;
  const finishReason = asString(choice.finish_reason);
  if (typeof content !== 'string') {
    // finish_reason is the server's text as much as the body is: an echo of the key in it is redacted too.
    const why = choice.message === undefined ? 'no choices[0].message' : `no text content (finish_reason: ${finishReason ?? 'none'})`;
    throw new ModelApiError(`${request.url} answered HTTP ${status} with ${request.redact(why)}: ${excerpt(request.redact(bodyText))}`, status);
  }

  const usage = asRecord(completion.usage);
  const promptTokens = asCount(usage.prompt_tokens);
  const completionTokens = asCount(usage.completion_tokens);
  const totalTokens =
    asCount(usage.total_tokens) ??
    (promptTokens !== undefined && completionTokens !== undefined ? promptTokens + completionTokens : undefined);
  return {
    output: content,
    tokensUsed: totalTokens,
    cost: computeCost(prices, promptTokens, completionTokens),
    metadata: { model: asString(completion.model), finishReason, promptTokens, completionTokens },
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

// Cuts text already redacted: cutting first would leave a prefix of a key the cut splits.
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return '(empty body)';
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
