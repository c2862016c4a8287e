import type { Argv } from 'yargs';
import { CliError } from './errors';
import { queue } from './libraries';

/** The environment variable naming the queue's Redis URL (what --queue overrides). */
export const QUEUE_URL_ENV = 'LLM_EVAL_QUEUE_URL';
/** The environment variable naming the queue's Redis key prefix (what --queue-prefix overrides). */
export const QUEUE_PREFIX_ENV = 'LLM_EVAL_QUEUE_PREFIX';

/** The queue options a command accepts. */
export interface QueueArgs {
  queue?: string;
  queuePrefix?: string;
}

/** A checked queue connection: what @llm-eval/queue takes, and the URL with its password hidden, for messages. */
export interface ResolvedQueue {
  connection: { url: string; prefix?: string };
  redacted: string;
}

/**
 * Adds --queue and --queue-prefix to a command. `required` says what the command is about, for its
 * description; the URL itself is checked by {@link resolveQueue}, so LLM_EVAL_QUEUE_URL can stand in for the flag.
 */
export function withQueueOptions<T>(y: Argv<T>, describe: string): Argv<T & QueueArgs> {
  return y
    .option('queue', { type: 'string', describe: `${describe} (beats ${QUEUE_URL_ENV})` })
    // Shown, not hidden: README documents it, and several deployments sharing one Redis need it to keep apart.
    .option('queue-prefix', {
      type: 'string',
      describe: `The Redis key prefix of the queue, to keep apart the queues of several deployments sharing one Redis; submitters and workers of one deployment must use the same (beats ${QUEUE_PREFIX_ENV}; default llm-eval)`,
    }) as Argv<T & QueueArgs>;
}

/** Where the queue URL came from, as the user typed it: the flag or the environment variable. */
function queueSource(args: QueueArgs): { url: string | undefined; source: string } {
  if (args.queue !== undefined && args.queue.trim() !== '') return { url: args.queue, source: '--queue' };
  const fromEnv = process.env[QUEUE_URL_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { url: fromEnv, source: QUEUE_URL_ENV };
  return { url: undefined, source: '--queue' };
}

/** True when a queue URL was given (--queue or LLM_EVAL_QUEUE_URL). */
export function queueRequested(args: QueueArgs): boolean {
  return queueSource(args).url !== undefined;
}

/**
 * The queue named by --queue or LLM_EVAL_QUEUE_URL, checked. A missing URL (when `required`) or a malformed one is a
 * usage error (exit 2) whose message shows the URL with its password hidden; undefined when none was given and none is
 * required.
 */
export function resolveQueue(args: QueueArgs, required: true): ResolvedQueue;
export function resolveQueue(args: QueueArgs, required: boolean): ResolvedQueue | undefined;
export function resolveQueue(args: QueueArgs, required: boolean): ResolvedQueue | undefined {
  const { url, source } = queueSource(args);
  if (url === undefined) {
    if (!required) return undefined;
    throw new CliError(`Name the queue's Redis: --queue redis://host:6379 (or set ${QUEUE_URL_ENV}).`, 2);
  }
  const parsed = queue().parseQueueUrl(url, source);
  const prefix = args.queuePrefix ?? (process.env[QUEUE_PREFIX_ENV]?.trim() || undefined);
  return { connection: { url: parsed.url, ...(prefix ? { prefix } : {}) }, redacted: parsed.redacted };
}

