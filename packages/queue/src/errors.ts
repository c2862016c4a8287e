/** Base class of every error @llm-eval/queue throws on purpose. */
export class QueueError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The queue's Redis URL is malformed. The message shows the URL with its password hidden. */
export class QueueUrlError extends QueueError {}

/** A distributed run or worker was given a SQLite database, which only one machine can reach. */
export class DistributedSqliteError extends QueueError {
  constructor(readonly redactedUrl: string) {
    super(
      `Distributed runs need a database every worker can reach, and SQLite is a file on one machine: pass a PostgreSQL URL with --database-url or LLM_EVAL_DATABASE_URL (postgresql://user@host/db). Got ${redactedUrl}.`,
    );
  }
}

/** A worker could not load a run's task or metric modules (missing file or package, no such export, a throw on import). */
export class TaskLoadError extends QueueError {
  constructor(
    readonly module: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The queue's Redis kept failing a step for longer than the caller's patience (e.g. it stayed down). */
export class QueueUnreachableError extends QueueError {}

/**
 * A Redis step failed for another reason than Redis being unreachable (a value it could not serialise, a reply error
 * such as WRONGTYPE): told at once, as what it is, instead of being retried as an outage.
 */
export class QueueStepError extends QueueError {}

/** Submitting was cancelled (its AbortSignal) before the run was in the queue: nothing of it will run. */
export class SubmitCancelledError extends QueueError {}
