import { resolveMetrics, type MetricSpec } from '../metrics/registry';
import type { ItemInput } from '@llm-eval/storage';
import type { LoadedItem, Task } from '../types';
import { itemToRecord } from '../storage/item-to-record';
import { resolveConfig, type EvaluatorConfig } from './evaluator-config';
import type { ItemResult } from './item-result';
import { PauseGate, type ItemRateLimiter } from './rate-limiter';
import { itemSettings, runItem } from './run-item';
import type { ValueCutWarning } from './value-cuts';
import type { RetryAfterTooLongWarning } from './retry-after-warning';

/** The evaluator settings an item runner honours (the rest of EvaluatorConfig is about whole runs). */
export type ItemRunnerConfig = Pick<
  EvaluatorConfig,
  'timeoutMs' | 'metricTimeoutMs' | 'maxValueChars' | 'retries' | 'retryBaseDelayMs' | 'retryMaxDelayMs' | 'maxRetryAfterMs' | 'retryOn'
>;

/** What an item runner is built from. */
export interface ItemRunnerOptions {
  task: Task;
  metrics: readonly MetricSpec[];
  config?: ItemRunnerConfig;
  /**
   * Spaces task starts; the queue passes one shared by every worker. `pause(ms)` is called on a Retry-After.
   * Default: no limit, but a Retry-After holds every item of this runner.
   */
  rateLimiter?: ItemRateLimiter;
  /** Cancels every item this runner has in flight or starts later. */
  signal?: AbortSignal;
  /** Told at the first value this runner records cut (past config.maxValueChars), as the Evaluator's warning event. */
  onValueCut?: (warning: ValueCutWarning) => void;
  /** Told at the first item the model API asked to wait longer than config.maxRetryAfterMs (it fails instead). */
  onRetryAfterTooLong?: (warning: RetryAfterTooLongWarning) => void;
}

/** Runs single items exactly as the Evaluator does (task, timeout, retries, rate limit, metrics, recorded values). */
export interface ItemRunner {
  readonly metricNames: string[];
  /** The item's result; undefined when the runner's signal aborted first. */
  run(item: LoadedItem): Promise<ItemResult | undefined>;
  /** Values this runner has recorded cut so far (past config.maxValueChars), as the Evaluator's result.valuesCut counts them. */
  readonly valuesCut: number;
  /**
   * The values recorded cut for the item of this id since the last call for it (0 when none): for counting each item's
   * cuts once however often the item runs (a queue's at-least-once delivery). Call it once the item's run settled.
   */
  takeValuesCut(itemId: string): number;
  /** Stops listening to the signal. */
  dispose(): void;
}

/**
 * An item runner for executors other than the Evaluator's own loop (the distributed queue's workers): the same
 * per-item semantics, one item at a time. Options are validated as the Evaluator validates them.
 */
export function createItemRunner(options: ItemRunnerOptions): ItemRunner {
  const config = resolveConfig(options.config);
  const metrics = resolveMetrics(options.metrics);
  // Without a shared limiter, a Retry-After still holds every item of this runner.
  const settings = itemSettings(config, options.task, metrics, options.rateLimiter ?? new PauseGate(), options.signal, options.onValueCut, options.onRetryAfterTooLong);
  settings.cuts.byItem = new Map();
  return {
    metricNames: metrics.map((m) => m.name),
    run: (item) => runItem(item, settings),
    get valuesCut() {
      return settings.cuts.count;
    },
    takeValuesCut: (itemId) => settings.cuts.takeOf(itemId),
    dispose: () => settings.cancellation.dispose(),
  };
}

/** How an item result is stored (the row the Evaluator writes for it). */
export function itemResultToRecord(item: ItemResult): ItemInput {
  return itemToRecord(item);
}
