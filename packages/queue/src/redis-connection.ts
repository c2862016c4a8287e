import type { Redis } from 'ioredis';
import { CredentialHidingRedis } from './credential-hiding-redis';
import { QueueUnreachableError } from './errors';
import { parseQueueUrl } from './queue-url';
import { maskCredentials, urlCredentials } from './redis-credentials';
import type { QueueConnection } from './queue-connection';

/** The BullMQ prefix and the namespace of every key of ours when the connection names none. */
export const DEFAULT_PREFIX = 'llm-eval';

/** The connection's key prefix. @internal */
export function prefixOf(queue: QueueConnection): string {
  return queue.prefix ?? DEFAULT_PREFIX;
}

/**
 * An ioredis client for the queue. `maxRetriesPerRequest: null` (BullMQ workers require it) makes commands wait
 * through a Redis restart instead of failing, and the default retry strategy reconnects for ever.
 *
 * With `onlyInItsDatabase`, the client never runs a command in another database than the URL's, whenever it
 * (re)connects: see dropRefusedDatabase. Its duplicates (BullMQ's connections of a worker) inherit this.
 * @internal
 */
export function createRedis(queue: QueueConnection, source?: string, options: { connectionName?: string; onlyInItsDatabase?: boolean } = {}): Redis {
  const { url } = parseQueueUrl(queue.url, source);
  // A server may quote the password it was sent in its error: the client hides it there (see CredentialHidingRedis).
  const redis = new CredentialHidingRedis(url, {
    maxRetriesPerRequest: null,
    connectionName: options.connectionName,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    reconnectOnError: options.onlyInItsDatabase ? dropRefusedDatabase : undefined,
  });
  // Callers report connection errors themselves (reachRedis, firstAnswer, the worker's handler). Without a listener of
  // its own, ioredis prints each error no caller listens to at that moment with a stack trace: a wrong password's
  // WRONGPASS comes with the pipelined SELECT's NOAUTH in the same reply, after the first error was taken.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * ioredis's `reconnectOnError` of a client that must never go on in database 0. On each connection ioredis sends
 * SELECT first; when the server refuses it, ioredis only emits an 'error' event and carries on: the connection becomes
 * ready in database 0 and sends there the commands waiting for it (a worker's blocking fetch, interrupted when Redis
 * went down, is re-sent). Answering 1 to the refused SELECT ends the connection at that reply, before anything else
 * is written to it: the commands stay queued, the client is never ready, and it tries again later (emitting the
 * refusal each time), until the server has the database or the client is disconnected.
 */
function dropRefusedDatabase(error: Error): 1 | false {
  return isDatabaseRefused(error) ? 1 : false;
}

/** How long a one-shot command (queue status, runs cancel) waits for the queue's Redis to be ready. @internal */
export const REACH_TIMEOUT_MS = 10_000;

/**
 * Resolves once the client is connected and ready. A one-shot command calls it first, so that a Redis it cannot reach
 * (nothing listening, a wrong password, TLS to a plain port, a wrong host) is an error naming the URL (password
 * hidden) and the cause within seconds, instead of commands that wait for ever, and before the command changes
 * anything elsewhere. Rejects with QueueUnreachableError at the first connection error, or after `timeoutMs`; with
 * `abort.error()` when `abort.signal` aborts first.
 * @internal
 */
export async function reachRedis(
  redis: Redis,
  queue: QueueConnection,
  timeoutMs = REACH_TIMEOUT_MS,
  abort?: { signal?: AbortSignal; error: () => Error },
): Promise<void> {
  if (abort?.signal?.aborted) throw abort.error();
  if (redis.status !== 'ready') await becomeReady(redis, queue, timeoutMs, abort);
  try {
    await checkDatabase(redis, queue);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
}

/**
 * SELECTs the URL's database on a ready client. ioredis reports a SELECT the server refuses (a number past its
 * "databases" setting) as an error event and goes on in database 0: this rejects instead, with QueueUnreachableError
 * naming the database and the setting. @internal
 */
export async function checkDatabase(redis: Redis, queue: QueueConnection): Promise<void> {
  const db = Number(redis.options.db ?? 0);
  if (!(db > 0)) return;
  try {
    await redis.select(db);
  } catch (error) {
    throw databaseError(redis, queue, error as Error);
  }
}

/**
 * Waits for a client's first answer without giving up on the client: true once it is ready and its database checked
 * (checkDatabase), false at its first connection error or after `timeoutMs` (ioredis goes on reconnecting, and a
 * caller that outlives an outage, as a worker does, checks the database once the client is ready). Rejects with
 * QueueUnreachableError when the server refuses the URL's database.
 * @internal
 */
export async function firstAnswer(redis: Redis, queue: QueueConnection, timeoutMs = REACH_TIMEOUT_MS): Promise<boolean> {
  if (redis.status !== 'ready') {
    const answer = await nextAnswer(redis, timeoutMs);
    if (answer.error && isDatabaseRefused(answer.error)) throw databaseError(redis, queue, answer.error);
    // A Redis that refuses the URL's credentials will not take them later: waiting for it would leave a worker that
    // says it is waiting for items and never gets one.
    if (answer.error && isCredentialsRefused(answer.error)) throw credentialsError(queue, answer.error);
    if (answer.kind !== 'ready') return false;
  }
  await checkDatabase(redis, queue);
  return true;
}

/** What a client said first: ready, a connection error, nothing within the time, or the caller gave up (abort). */
type Answer = { kind: 'ready'; error?: undefined } | { kind: 'error'; error: Error } | { kind: 'timeout' | 'aborted'; error?: undefined };

/** The client's next 'ready' or 'error' event, or nothing within `timeoutMs`, or `signal` aborting first. */
function nextAnswer(redis: Redis, timeoutMs: number, signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve) => {
    const done = (answer: Answer) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      resolve(answer);
    };
    const onReady = () => done({ kind: 'ready' });
    const onError = (error: Error) => done({ kind: 'error', error });
    const onAbort = () => done({ kind: 'aborted' });
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
    redis.on('ready', onReady);
    redis.on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** True for Redis refusing the URL's database number (SELECT past its "databases" setting). @internal */
export function isDatabaseRefused(error: unknown): boolean {
  return /DB index is out of range/.test(String((error as Error)?.message));
}

/** True for Redis refusing the URL's user name or password (or asking for one the URL does not give). @internal */
export function isCredentialsRefused(error: unknown): boolean {
  return /^(WRONGPASS|NOAUTH)\b/.test(String((error as Error)?.message));
}

/** The error of credentials the queue's Redis refused (`error`, its answer). @internal */
export function credentialsError(queue: QueueConnection, error: Error): QueueUnreachableError {
  const { redacted } = parseQueueUrl(queue.url);
  return new QueueUnreachableError(
    `The queue's Redis at ${redacted} refused the URL's credentials: ${withoutFinalStop(redisErrorText(queue, error))}. ` +
      `Check the user name and password in the URL (redis://user:password@host:6379, percent-encoded).`,
    { cause: error },
  );
}

/** `text` without the full stop a Redis error may end with, so that a message going on after it has one, not two. */
function withoutFinalStop(text: string): string {
  return text.replace(/\.+$/, '');
}

/** The error of a database number the client's server refused (`error`, its refused SELECT). @internal */
export function databaseError(redis: Redis, queue: QueueConnection, error: Error): QueueUnreachableError {
  const { redacted } = parseQueueUrl(queue.url);
  return new QueueUnreachableError(`Cannot use database ${redis.options.db ?? 0} of the queue's Redis at ${redacted}: ${redisErrorText(queue, error)}.`, { cause: error });
}

async function becomeReady(redis: Redis, queue: QueueConnection, timeoutMs: number, abort?: { signal?: AbortSignal; error: () => Error }): Promise<void> {
  if (abort?.signal?.aborted) throw abort.error();
  const answer = await nextAnswer(redis, timeoutMs, abort?.signal);
  if (answer.kind === 'ready') return;
  redis.disconnect();
  if (answer.kind === 'aborted') throw abort!.error();
  if (answer.error && isDatabaseRefused(answer.error)) throw databaseError(redis, queue, answer.error);
  // Redis runs and answered: "Check that it runs" would send the user looking in the wrong place.
  if (answer.error && isCredentialsRefused(answer.error)) throw credentialsError(queue, answer.error);
  const { redacted } = parseQueueUrl(queue.url);
  const cause = answer.error ? withoutFinalStop(redisErrorText(queue, answer.error)) : `no answer within ${Math.round(timeoutMs / 1000)} s`;
  throw new QueueUnreachableError(
    `Cannot reach the queue's Redis at ${redacted}: ${cause}. Check that it runs, and the URL's host, port, password and scheme (rediss:// only for TLS).`,
    { cause: answer.error },
  );
}

/** True for an error of the connection to Redis (refused, reset, timed out, closed, refused credentials). @internal */
export function isRedisConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code)) return true;
  return typeof message === 'string' && /^(Connection is closed|NOAUTH|WRONGPASS|ERR AUTH|ERR DB index is out of range|Reached the max retries)/.test(message);
}

/**
 * A connection error's text, with the likely fix when the URL asks for TLS and the server never answers the TLS
 * handshake (rediss:// to a plain Redis times out, as nothing else is wrong). @internal
 */
export function redisErrorText(queue: QueueConnection, error: Error): string {
  // Our clients hide their credentials in their errors already; an error from elsewhere may still quote them.
  return maskCredentials(explainedErrorText(queue, error), urlCredentials(queue.url));
}

/** A connection error's text with the likely fix, as redisErrorText says. */
function explainedErrorText(queue: QueueConnection, error: Error): string {
  const { code } = error as { code?: unknown };
  if (/^rediss:/i.test(queue.url) && (code === 'ETIMEDOUT' || /\b(SSL|TLS)\b|wrong version number/i.test(error.message))) {
    return `${error.message} (rediss:// connects with TLS: use redis:// for a Redis without TLS)`;
  }
  if (isDatabaseRefused(error)) {
    return `${error.message} (this Redis has fewer databases: use a number below its "databases" setting, 16 by default)`;
  }
  return error.message;
}
