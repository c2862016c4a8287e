import type { ItemStatus } from '@llm-eval/models';
import type { RunState } from '@llm-eval/storage';

/** Comparison operators of numeric conditions. */
export type Comparison = '>' | '>=' | '<' | '<=' | '=' | '!=';

/** Run fields that hold text. `name` matches as a case-insensitive substring; the others exactly. */
export type TextField = 'project' | 'dataset' | 'model' | 'tag' | 'createdBy' | 'name';

/**
 * Run fields that hold numbers. successRate and errorRate (failed items / items; unknown for a run without items) are
 * fractions 0..1; durations and response times are seconds.
 */
export type NumberField =
  | 'successRate'
  | 'errorRate'
  | 'durationSeconds'
  | 'avgResponseTime'
  | 'totalItems'
  | 'failedItems'
  | 'totalTokens'
  | 'totalCost';

/** A typed filter tree over runs. */
export type FilterNode =
  | { kind: 'and'; children: FilterNode[] }
  | { kind: 'or'; children: FilterNode[] }
  | { kind: 'not'; child: FilterNode }
  /** `running` is a run with a live writer; `abandoned` one stored as running whose writer is gone. */
  | { kind: 'status'; values: RunState[] }
  /**
   * A text field. `match: 'family'` (models only) also matches every name that continues the value after a `-`,
   * case-insensitively: `claude` matches `claude-3-5-sonnet`; a value ending in a digit also takes its point releases,
   * continuing after a `.`: `llama-3` matches `llama-3-8b` and `Llama-3.1-70B` (never `llama-30b`).
   */
  | { kind: 'field'; field: TextField; value: string; match?: 'family' }
  /** The run has at least one tag ("untagged" and "without tags" are its negation). */
  | { kind: 'tagged' }
  /** created_at in [from, to); either bound may be missing. */
  | { kind: 'time'; from?: Date; to?: Date }
  | { kind: 'number'; field: NumberField; op: Comparison; value: number }
  /** The run's mean of this metric (from its per-metric statistics). */
  | { kind: 'metric'; metric: string; op: Comparison; value: number }
  /** Relative speed by average response time: slowest / fastest quartile of the runs in scope by default. */
  | { kind: 'speed'; speed: 'slow' | 'fast' }
  /** Free text: case-insensitive substring of name, description or dataset name (indexed). */
  | { kind: 'text'; text: string };

/** Orders runs can be sorted in. */
export type RunSort =
  | {
      field: 'createdAt' | 'name' | 'successRate' | 'durationSeconds' | 'avgResponseTime' | 'totalTokens' | 'totalCost';
      direction: 'asc' | 'desc';
    }
  | { field: 'metric'; metric: string; direction: 'asc' | 'desc' };

/** What parseQuery understood. */
export interface ParsedQuery {
  /** null when the query puts no condition on runs. */
  filter: FilterNode | null;
  sort?: RunSort;
  limit?: number;
  /** Words and phrases used as free text (they are also in `filter` as text nodes). */
  freeText: string[];
  /** One line saying how the query was understood, e.g. `status is failed AND created in last week (…)`. */
  explanation: string;
  /** Every word that was not used, and why. Never silently dropped. */
  warnings: string[];
}

/** Options of parseQuery. */
export interface ParseOptions {
  /** "Now" for relative dates (default: the current time). */
  now?: Date;
  /** IANA time zone that "today", "last week", "on Nov 3" … refer to (default: UTC). */
  timeZone?: string;
  /** Known metric names, so bare words like "accuracy" are recognised as metrics (any snake_case name always is). */
  metrics?: string[];
  /**
   * Stored model names. When given, a model word matches a stored name exactly (ignoring case), else the model family
   * (`claude` → `claude-*`), else it is searched as text; when omitted, model words match exactly as written.
   */
  models?: string[];
  /** Stored tags, so a plain word that is a tag ("nightly runs") means that tag. */
  tags?: string[];
  /**
   * Stored project ids, so words naming one ("demo project", "runs in summarize") mean that project, ignoring case and
   * with spaces, dashes, underscores and dots alike; when omitted, only "project X" and "X project" name a project, as written.
   */
  projects?: string[];
  /** Stored creators, so a plain word that is one ("user@example.com", ignoring case) means "created by" them. */
  creators?: string[];
  /**
   * Filler words ("eval", "results") that stored runs have in their name, description or dataset: a query of nothing
   * but filler words searches these as text (and stored tags among them as tags) rather than matching every run.
   */
  fillerWordsInText?: string[];
}

/** A typed filter tree over the items of one run. */
export type ItemFilterNode =
  | { kind: 'and'; children: ItemFilterNode[] }
  | { kind: 'or'; children: ItemFilterNode[] }
  | { kind: 'not'; child: ItemFilterNode }
  | { kind: 'status'; values: ItemStatus[] }
  /** The item's score of this metric. */
  | { kind: 'score'; metric: string; op: Comparison; value: number }
  /** Response time in seconds. */
  | { kind: 'responseTime'; op: Comparison; value: number }
  /**
   * Case-insensitive substring of the output (`contains 'Paris'`), the error (`errors like timeout`), the expected
   * output, the item id, the input (any string or number in it: `input contains capital`), or any text (id, output,
   * expected output, error).
   */
  | { kind: 'text'; in: ItemTextPlace; text: string };

/** Where an item text condition looks. */
export type ItemTextPlace = 'output' | 'error' | 'expected' | 'id' | 'input' | 'any';

/** What parseItemQuery understood. */
export interface ParsedItemQuery {
  filter: ItemFilterNode | null;
  sort?: { field: 'sequenceNumber' | 'responseTime' | 'score'; metric?: string; direction: 'asc' | 'desc' };
  limit?: number;
  explanation: string;
  warnings: string[];
}
