import { ConfigError } from '../errors';
import type { ProgressListener } from './progress';
import { refuseUnknownOptions } from './unknown-options';

/** Options of a single run. */
export interface RunOptions {
  /** Cancels the run: in-flight tasks are aborted, and the run is stored as cancelled with the items finished so far. */
  signal?: AbortSignal;
  /** Told of the run's progress; an error it throws is reported once as a warning and never stops the run. */
  onProgress?: ProgressListener;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : `a ${typeof value}`;
}

/** Refuses run options of the wrong type before anything runs or is stored, as resolveConfig does for the config. @internal */
export function checkRunOptions(runOptions: RunOptions): void {
  if (typeof runOptions !== 'object' || runOptions === null) {
    throw new ConfigError(`run() takes an object of options ({ signal?, onProgress? }), got ${typeName(runOptions)}.`);
  }
  refuseUnknownOptions(runOptions, ['signal', 'onProgress'], 'run()');
  const { signal, onProgress } = runOptions as { signal?: unknown; onProgress?: unknown };
  // Duck-typed, so a signal from another realm or a polyfill is accepted.
  const candidate = signal as { aborted?: unknown; addEventListener?: unknown } | null;
  if (signal !== undefined && (typeof candidate?.aborted !== 'boolean' || typeof candidate.addEventListener !== 'function')) {
    throw new ConfigError(`run({ signal }) must be an AbortSignal (e.g. new AbortController().signal), got ${typeName(signal)}.`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new ConfigError(`run({ onProgress }) must be a function (event) => void, got ${typeName(onProgress)}.`);
  }
}
