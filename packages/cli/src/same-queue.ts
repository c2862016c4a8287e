import type { QueueArgs, ResolvedQueue } from './queue-connection';
import { shellQuote } from './storage-failure';

/**
 * What an advised command adds to reach the queue this one used (` --queue redis://host:6379 --queue-prefix team-a`):
 * nothing for what came from LLM_EVAL_QUEUE_URL or LLM_EVAL_QUEUE_PREFIX (the same environment finds it again), and
 * `<the same URL>` for a URL that holds a password, which is never repeated. `resolved` is what resolveQueue made of
 * `args`.
 */
export function sameQueueFlags(args: QueueArgs, resolved: ResolvedQueue): string {
  let flags = '';
  if (args.queue !== undefined && args.queue.trim() !== '') {
    const { url } = resolved.connection;
    flags += resolved.redacted === url ? ` --queue ${shellQuote(url)}` : ' --queue <the same URL>';
  }
  if (args.queuePrefix !== undefined) flags += ` --queue-prefix ${shellQuote(args.queuePrefix)}`;
  return flags;
}
