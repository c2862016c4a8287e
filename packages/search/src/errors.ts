/** Base class of every error @llm-eval/search throws on purpose. */
export class SearchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A query that cannot be parsed; `position` is the 0-based character offset of the problem. */
export class QuerySyntaxError extends SearchError {
  constructor(
    message: string,
    readonly query: string,
    readonly position: number,
  ) {
    super(`${message} (at character ${position + 1}: "${query.slice(Math.max(0, position - 10), position + 10)}")`);
  }
}

/** A run reference that names no run, or more than one. */
export class RunReferenceError extends SearchError {}

/** Comparison options that make no sense (e.g. comparing a run with itself). */
export class ComparisonError extends SearchError {}

/**
 * A metric sort that names no stored metric and reads as a misspelt direction: `metric:f1:up` (a metric name may hold a
 * colon, so only the stored names tell `f1:up` the metric from `f1` sorted "up").
 */
export class InvalidSortError extends SearchError {
  constructor(readonly metric: string) {
    const colon = metric.lastIndexOf(':');
    super(
      `no run has a metric named ${JSON.stringify(metric)}, and ${JSON.stringify(metric.slice(colon + 1))} is not a direction: ` +
        `sort by metric:<name>, metric:<name>:asc or metric:<name>:desc`,
    );
  }
}
