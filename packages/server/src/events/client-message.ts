import { findDuplicateKey } from '@llm-eval/evaluator';
import { cutSecrets } from '../auth/cut-secrets';
import { formatPath } from '../body-path';
import { refusalMessage } from '../json-body';
import { clientMessage, type ClientMessage } from './run-events';

/** What a WebSocket client message that cannot be followed is answered with: what is wrong, naming the field. */
export interface ClientMessageError {
  code: 'invalid_request';
  message: string;
}

/** The two messages a client may send, as error messages show them. */
const USAGE = 'Send JSON text: {"type":"subscribe","run":"<run id, id prefix, name, latest or latest~N>"} or {"type":"unsubscribe"}.';

/** The keys each message takes, as error messages say them. */
const KEYS = { subscribe: 'a subscribe message takes "type" and "run"', unsubscribe: 'an unsubscribe message takes "type" only' } as const;

/** A refusal; a key quoted from the message that is shaped like a token secret is cut to its prefix. */
const refuse = (message: string): { error: ClientMessageError } => ({ error: { code: 'invalid_request', message: cutSecrets(message) } });

/** A key (or field) as a message quotes it: control characters escaped, a very long one cut. */
const quoted = (key: string): string => JSON.stringify(formatPath([key]));

/**
 * Reads a WebSocket client message (null: a binary one) the way a JSON body is read: valid JSON, no key given twice
 * (JSON.parse would keep the last without a word), no key the message does not take, and each field as the schema
 * says. What is wrong is said naming the field (`message.run`) and how to send it instead.
 */
export function readClientMessage(text: string | null): { message: ClientMessage } | { error: ClientMessageError } {
  if (text === null) return refuse(`Invalid message: it was sent as binary. ${USAGE}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refuse(`Invalid message: it is not valid JSON. ${USAGE}`);
  }
  const repeated = findDuplicateKey(text, 'message');
  if (repeated) {
    const path = formatPath(repeated);
    return refuse(refusalMessage({ path, field: path, problem: 'duplicate_key' }));
  }
  const type = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as { type?: unknown }).type : undefined;
  if (type !== 'subscribe' && type !== 'unsubscribe') {
    return refuse(`Invalid message.type: expected "subscribe" or "unsubscribe". ${USAGE}`);
  }
  const result = clientMessage.safeParse(parsed);
  if (result.success) return { message: result.data };
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = quoted(issue.keys[0]!);
    return refuse(`Invalid message: unknown key ${key}; ${KEYS[type]}. Remove ${key}.`);
  }
  const field = formatPath(['message', ...issue.path.map(String)]);
  return refuse(`Invalid ${field}: ${issue.message}. ${USAGE}`);
}
