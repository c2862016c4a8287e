import { ConfigError } from '../errors';
import type { ProgressListener } from './progress';
import { refuseUnknownOptions } from './unknown-options';

/** Options of a single run. */
export interface RunOptions {
  /** Cancels the run: in-flight tasks are aborted, and the run is stored as cancelled with the items finished so far. */
  signal?: AbortSignal;
  /**
   * Stops the run as failed: in-flight tasks are aborted and left out, the items finished so far are stored, and the
   * run is stored as failed, its status reason naming the signal's reason (e.g. an uncaught exception the caller
   * caught process-wide). run() still resolves, with a result of status `failed`. With config.executor it cancels.
   */
  failSignal?: AbortSignal;
  /** Told of the run's progress; an error it throws is reported once as a warning and never stops the run. */
  onProgress?: ProgressListener;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : `a ${typeof value}`;
}

/** Refuses run options of the wrong type before anything runs or is stored, as resolveConfig does for the config. @internal */
export function checkRunOptions(runOptions: RunOptions): void {
  if (typeof runOptions !== 'object' || runOptions === null) {
    throw new ConfigError(`run() takes an object of options ({ signal?, failSignal?, onProgress? }), got ${typeName(runOptions)}.`);
  }
  refuseUnknownOptions(runOptions, ['signal', 'failSignal', 'onProgress'], 'run()');
  const { signal, failSignal, onProgress } = runOptions as { signal?: unknown; failSignal?: unknown; onProgress?: unknown };
  checkSignal('signal', signal);
  checkSignal('failSignal', failSignal);
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new ConfigError(`run({ onProgress }) must be a function (event) => void, got ${typeName(onProgress)}.`);
  }
}

function checkSignal(name: string, signal: unknown): void {
  // Duck-typed, so a signal from another realm or a polyfill is accepted.
  const candidate = signal as { aborted?: unknown; addEventListener?: unknown } | null;
  if (signal !== undefined && (typeof candidate?.aborted !== 'boolean' || typeof candidate.addEventListener !== 'function')) {
    throw new ConfigError(`run({ ${name} }) must be an AbortSignal (e.g. new AbortController().signal), got ${typeName(signal)}.`);
  }
}
