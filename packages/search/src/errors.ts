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
