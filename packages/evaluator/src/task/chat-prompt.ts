import { ConfigError } from '../errors';
import type { LoadedItem } from '../types';

/** One message of an OpenAI-style chat conversation. */
export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  /** Text, or content parts (e.g. `{ type: 'image_url', … }`) passed through unchanged. */
  content: string | Array<Record<string, unknown>>;
  name?: string;
}

/** Builds the prompt from an item's input: a user-message string or a whole conversation. */
export type ChatPromptFunction<I = unknown> = (
  input: I,
  item: LoadedItem,
) => string | ChatMessage[] | Promise<string | ChatMessage[]>;

/** A `{placeholder}` template or a function; see {@link renderTemplate}. */
export type ChatPrompt<I = unknown> = string | ChatPromptFunction<I>;

// Identifier-shaped names only, so literal JSON braces in a template (`{"a": 1}`) stay untouched.
const PLACEHOLDER = /\{([A-Za-z_$][\w$]*)\}/g;

/** A value as prompt text: strings as they are, everything else as JSON. */
export function stringifyForPrompt(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Fills a template in one pass: `{input}` is the whole input, `{field}` is `input.field` for object
 * inputs; placeholders with no value (unknown fields, non-object inputs) are left as they are.
 */
export function renderTemplate(template: string, input: unknown): string {
  return template.replace(PLACEHOLDER, (placeholder, name: string) => {
    if (name === 'input') return stringifyForPrompt(input);
    if (typeof input === 'object' && input !== null && Object.hasOwn(input, name)) {
      const value = (input as Record<string, unknown>)[name];
      if (value !== undefined) return stringifyForPrompt(value);
    }
    return placeholder;
  });
}

/** The messages to send for one item: optional system message, then the rendered prompt. */
export async function buildChatMessages<I>(
  input: I,
  item: LoadedItem,
  prompt: ChatPrompt<I> | undefined,
  system: string | undefined,
): Promise<ChatMessage[]> {
  const head: ChatMessage[] = system === undefined ? [] : [{ role: 'system', content: system }];
  if (prompt === undefined) return [...head, { role: 'user', content: stringifyForPrompt(input) }];
  if (typeof prompt === 'string') return [...head, { role: 'user', content: renderTemplate(prompt, input) }];
  const built = await prompt(input, item);
  if (typeof built === 'string') return [...head, { role: 'user', content: built }];
  if (Array.isArray(built) && built.length > 0 && built.every(isChatMessage)) return [...head, ...built];
  throw new ConfigError(
    `The prompt function returned ${describe(built)} for item "${item.id}"; return a string or a non-empty array of { role, content } messages.`,
  );
}

function isChatMessage(value: unknown): value is ChatMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { role, content } = value as Record<string, unknown>;
  return typeof role === 'string' && (typeof content === 'string' || Array.isArray(content));
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array that is not all { role, content } messages';
  return value === null ? 'null' : typeof value;
}
