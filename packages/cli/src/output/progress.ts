import type { ProgressEvent } from '@llm-eval/evaluator';
import { storageErrorReason } from '../storage-failure';
import { note } from './print';

/**
 * Shows evaluation progress: a bar on a terminal (items, rate, success so far, time left), plain lines every few
 * seconds otherwise (CI logs).
 */
export async function progressReporter(enabled: boolean): Promise<{ listener: (event: ProgressEvent) => void; stop: () => void }> {
  if (!enabled) return { listener: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const { SingleBar, Presets } = (await import('cli-progress')).default;
    const bar = new SingleBar(
      {
        format: ' {bar} {value}/{total} items · {rate}/s · success {success} · {eta_formatted} left',
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    let started = false;
    return {
      listener: (event) => {
        if (event.type === 'started') {
          bar.start(event.total ?? 0, 0, { rate: '0', success: '–' });
          started = true;
        } else if (event.type === 'item') {
          if (event.total === undefined) bar.setTotal(event.done);
          bar.update(event.done, { rate: event.ratePerSecond.toFixed(1), success: `${(event.successRate * 100).toFixed(1)}%` });
        }
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    listener: (event) => {
      if (event.type === 'started') note(`evaluating ${event.total ?? 'a stream of'} items (run ${event.runId ?? 'not stored'})`);
      else if (event.type === 'item' && (Date.now() - last > 2000 || event.done === event.total)) {
        last = Date.now();
        note(`  ${event.done}/${event.total ?? '?'} items · ${event.ratePerSecond.toFixed(1)}/s · success ${(event.successRate * 100).toFixed(1)}%`);
      } else if (event.type === 'storage-error') note(`  storage problem: ${storageErrorReason(event.error)} (the evaluation goes on; the complete result is written to a file at the end)`);
    },
    stop: () => undefined,
  };
}
