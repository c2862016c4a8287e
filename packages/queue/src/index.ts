/** Distributed llm-eval runs on BullMQ/Redis: submit a run, start workers, cancel, and look at the queue. */
export { submitRun } from './submit-run';
/** Options of submitRun and the submitted run. */
export type { SubmitRunOptions, DistributedRun } from './submit-run';
/** A distributed run's progress. */
export type { DistributedProgress } from './run-progress';
/** The Evaluator's config.executor for queue workers: new Evaluator({ dataset, metrics, config: { executor: queueExecutor(...) } }). */
export { queueExecutor } from './queue-executor';
export type { QueueExecutorOptions } from './queue-executor';
/** Starts a worker that runs items of any run in the queue. */
export { startWorker } from './worker';
/** Options of startWorker, a running worker, and what it reports. */
export type { WorkerOptions, QueueWorker, WorkerEvent } from './worker';
/** Cancels a distributed run everywhere. */
export { cancelRun } from './cancel-run';
/** Runs in the queue and the workers connected. */
export { queueStatus } from './queue-status';
export type { QueueStatus } from './queue-status';
/** Where the queue lives. */
export type { QueueConnection } from './queue-connection';
/** Checks a Redis URL; never puts the password in a message. */
export { parseQueueUrl } from './queue-url';
export type { ParsedQueueUrl } from './queue-url';
/** Where a worker finds the task, and the per-item settings a run carries. */
export type { TaskReference, DistributedItemConfig } from './run-spec';
/** The rate limit shared by every worker of a run, in Redis. */
export { RedisRateLimiter } from './redis-rate-limiter';
export type { RedisRateLimiterOptions } from './redis-rate-limiter';
/** A Retry-After from the model API shared by every worker of a run without a rate limit. */
export { RedisPauseGate } from './redis-pause-gate';
export type { RedisPauseGateOptions } from './redis-pause-gate';
/** Errors this package throws. */
export { QueueError, QueueUrlError, DistributedSqliteError, TaskLoadError, QueueUnreachableError, QueueStepError, SubmitCancelledError } from './errors';
