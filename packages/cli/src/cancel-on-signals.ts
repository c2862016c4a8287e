import { constants } from 'node:os';
import { exitNow } from './own-exit';
import { note } from './output/print';
import { onSameDatabase } from './same-database';

/** The signals that cancel an evaluation: Ctrl-C, `kill` (and service managers, CI timeouts), a closed terminal. */
export const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** One of {@link CANCEL_SIGNALS}. */
export type CancelSignal = (typeof CANCEL_SIGNALS)[number];

/** The shell's exit code for a process ended by `signal`: 128 + its number (SIGHUP 129, SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: CancelSignal): number {
  return 128 + constants.signals[signal];
}

/** What {@link cancelOnSignals} returns. */
export interface SignalCancellation {
  /** Aborted by the first signal. */
  signal: AbortSignal;
  /** The first signal received, if any. */
  received(): CancelSignal | undefined;
  /** Stops listening (signals then have their default effect again). */
  dispose(): void;
}

/**
 * Turns the first SIGINT, SIGTERM or SIGHUP into a cancellation (the items in flight are aborted and left out; the
 * items finished so far are stored, and the run as cancelled); a second signal quits at once with the signal's exit code, leaving the run to `llm-eval runs recover`.
 */
export function cancelOnSignals(): SignalCancellation {
  const controller = new AbortController();
  let first: CancelSignal | undefined;
  const onSignal = (signal: CancelSignal) => {
    if (first) {
      note(`\n${signal} again: quitting without storing the run's end (settle it later with ${onSameDatabase('runs recover')})`);
      exitNow(signalExitCode(signal));
    }
    first = signal;
    note(`\n${signal}: cancelling: stopping the items in flight (they are left out) and storing the run as cancelled with the items finished so far (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to quit now)`);
    controller.abort();
  };
  for (const signal of CANCEL_SIGNALS) process.on(signal, onSignal);
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => CANCEL_SIGNALS.forEach((signal) => process.off(signal, onSignal)),
  };
}
