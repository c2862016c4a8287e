import type { ItemInput } from '@llm-eval/storage';
import type { ItemResult } from '../run/item-result';
import { asText, storedMetadata } from './item-to-record';
import { ScoreColumnsBuilder, scoresFromColumns, type ScoreColumns } from './score-columns';

/**
 * A batch of stored rows, one array per field, as it travels to the storage worker. postMessage's structured clone
 * writes every property name of every object it copies; fifteen arrays of values instead of five hundred
 * fifteen-key objects cut the clone from ≈ 3.1 to 0.7 µs an item on the evaluation thread, and the worker rebuilds
 * the rows in 1.2 instead of 2.7 µs (v8.serialize of the bench's rows). Dates travel as epoch milliseconds, scores as
 * ScoreColumns.
 * @internal
 */
export interface RecordColumns {
  itemId: string[];
  sequenceNumber: number[];
  input: unknown[];
  expectedOutput: Array<string | null>;
  actualOutput: Array<string | null>;
  status: string[];
  errorMessage: Array<string | null>;
  errorType: Array<string | null>;
  startedAt: number[];
  completedAt: number[];
  responseTime: number[];
  tokensUsed: Array<number | null>;
  cost: Array<number | null>;
  scores: ScoreColumns;
  metadata: Array<Record<string, unknown> | null>;
}

/** Collects finished items' rows as RecordColumns. @internal */
export class RecordColumnsBuilder {
  private columns = emptyColumns();
  private readonly scores = new ScoreColumnsBuilder();
  /**
   * Characters of the rows' texts so far (id, input when it is text, expected and actual output, error): what the rows
   * weigh, so large outputs are written (and waited for) by size, not only by count.
   */
  chars = 0;

  get length(): number {
    return this.columns.itemId.length;
  }

  /** Adds an item's row, as itemToRecord makes it (without building the row object: this runs on the evaluation thread). */
  add(item: ItemResult): void {
    const c = this.columns;
    const expected = asText(item.expected);
    const output = asText(item.output);
    this.chars += item.id.length + (typeof item.input === 'string' ? item.input.length : 0) + (expected?.length ?? 0) + (output?.length ?? 0) + (item.error?.length ?? 0);
    c.itemId.push(item.id);
    c.sequenceNumber.push(item.index);
    c.input.push(item.input ?? null);
    c.expectedOutput.push(expected);
    c.actualOutput.push(output);
    c.status.push(item.success ? 'completed' : 'failed');
    c.errorMessage.push(item.error ?? null);
    c.errorType.push(item.errorType ?? null);
    c.startedAt.push(item.startedAt.getTime());
    c.completedAt.push(item.completedAt.getTime());
    c.responseTime.push(item.responseTime);
    c.tokensUsed.push(item.tokensUsed ?? null);
    c.cost.push(item.cost ?? null);
    this.scores.add(item);
    c.metadata.push(storedMetadata(item));
  }

  /** The rows so far, and an empty builder for the next ones. */
  take(): RecordColumns {
    const taken = this.columns;
    taken.scores = this.scores.take();
    this.columns = emptyColumns();
    this.chars = 0;
    return taken;
  }
}

function emptyColumns(): RecordColumns {
  return {
    itemId: [],
    sequenceNumber: [],
    input: [],
    expectedOutput: [],
    actualOutput: [],
    status: [],
    errorMessage: [],
    errorType: [],
    startedAt: [],
    completedAt: [],
    responseTime: [],
    tokensUsed: [],
    cost: [],
    scores: { names: [], shape: [], values: [] },
    metadata: [],
  };
}

/** The rows of RecordColumns, as itemToRecord made them. @internal */
export function recordsFromColumns(c: RecordColumns): ItemInput[] {
  const rows: ItemInput[] = new Array(c.itemId.length);
  const scores = scoresFromColumns(c.scores);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = {
      itemId: c.itemId[i]!,
      sequenceNumber: c.sequenceNumber[i]!,
      input: c.input[i],
      expectedOutput: c.expectedOutput[i]!,
      actualOutput: c.actualOutput[i]!,
      status: c.status[i] as ItemInput['status'],
      errorMessage: c.errorMessage[i]!,
      errorType: c.errorType[i]!,
      startedAt: new Date(c.startedAt[i]!),
      completedAt: new Date(c.completedAt[i]!),
      responseTime: c.responseTime[i]!,
      tokensUsed: c.tokensUsed[i]!,
      cost: c.cost[i]!,
      scores: scores[i]!,
      metadata: c.metadata[i]!,
    };
  }
  return rows;
}
