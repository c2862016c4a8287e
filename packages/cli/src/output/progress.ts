import type { ProgressEvent } from '@llm-eval/evaluator';
import type { DistributedProgress } from '@llm-eval/queue';
import { isRunDeleted, storageErrorReason } from '../storage-failure';
import { holdLiveLine, note } from './print';

/**
 * A progress bar on stderr with this line format (cli-progress, loaded only when a terminal shows it). While it is
 * shown, notes (mid-run warnings) clear its line and it is drawn again below them: `shown()` once it is started,
 * `hidden()` when it stops.
 */
async function terminalBar(format: string) {
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  // forceRedraw: cli-progress draws only a changed line, and a note has just erased the unchanged one.
  const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 50, forceRedraw: true }, Presets.shades_classic);
  let release: (() => void) | undefined;
  return {
    bar,
    shown: () => {
      release ??= holdLiveLine({ redraw: () => bar.render() });
    },
    hidden: () => {
      release?.();
      release = undefined;
    },
  };
}

/**
 * Shows evaluation progress: a bar on a terminal (items, rate, success so far, time left), plain lines every few
 * seconds otherwise (CI logs).
 */
export async function progressReporter(enabled: boolean): Promise<{ listener: (event: ProgressEvent) => void; stop: () => void }> {
  if (!enabled) return { listener: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const { bar, shown, hidden } = await terminalBar(' {bar} {value}/{total} items · {rate}/s · success {success} · {eta_formatted} left');
    let started = false;
    return {
      listener: (event) => {
        if (event.type === 'started') {
          bar.start(event.total ?? 0, 0, { rate: '0', success: '–' });
          shown();
          started = true;
        } else if (event.type === 'item') {
          if (event.total === undefined) bar.setTotal(event.done);
          bar.update(event.done, { rate: event.ratePerSecond.toFixed(1), success: `${(event.successRate * 100).toFixed(1)}%` });
        }
      },
      stop: () => {
        hidden();
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    listener: (event) => {
      if (event.type === 'started') note(`evaluating ${event.total ?? 'a stream of'} items (run ${event.runId ?? 'not stored'})`);
      else if (event.type === 'item' && (Date.now() - last > 2000 || event.done === event.total)) {
        last = Date.now();
        note(`  ${event.done}/${event.total ?? '?'} items · ${event.ratePerSecond.toFixed(1)}/s · success ${(event.successRate * 100).toFixed(1)}%`);
      } else if (event.type === 'storage-error') {
        // A deleted run stops the evaluation as a cancel does; any other storage problem lets it finish.
        if (isRunDeleted(event.error)) {
          note('  storage problem: the run was deleted from the database (the evaluation stops; the items evaluated so far are written to a file)');
        } else {
          note(`  storage problem: ${storageErrorReason(event.error)} (the evaluation goes on; the complete result is written to a file at the end)`);
        }
      }
    },
    stop: () => undefined,
  };
}

/**
 * Shows a distributed run's progress (`evaluate --queue`): items stored by the workers out of those enqueued, the
 * rate, and how many failed; a bar on a terminal, plain lines every few seconds otherwise.
 */
export async function distributedProgressReporter(enabled: boolean): Promise<{ listener: (progress: DistributedProgress) => void; stop: () => void }> {
  if (!enabled) return { listener: () => undefined, stop: () => undefined };
  const totalOf = (p: DistributedProgress) => p.total ?? Math.max(p.enqueued, p.done);
  if (process.stderr.isTTY) {
    const { bar, shown, hidden } = await terminalBar(' {bar} {value}/{total} items{enqueuing} · {rate}/s · failed {failed} · {eta_formatted} left');
    let started = false;
    return {
      listener: (p) => {
        const payload = { rate: p.ratePerSecond.toFixed(1), failed: String(p.failed), enqueuing: p.total === undefined ? ' (enqueuing)' : '' };
        if (!started) {
          bar.start(totalOf(p), p.done, payload);
          shown();
          started = true;
        }
        bar.setTotal(totalOf(p));
        bar.update(p.done, payload);
      },
      stop: () => {
        hidden();
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  let lastDone = -1;
  let announced = false;
  return {
    listener: (p) => {
      if (!announced) {
        announced = true;
        note(`run ${p.runId}: items go to the workers as the dataset is read`);
      }
      const finished = p.total !== undefined && p.done === p.total;
      // Until the first items are enqueued there is no count to give (it would read "0/0+ items").
      const total = p.total ?? (p.enqueued > 0 ? `${p.enqueued}+` : undefined);
      if (total !== undefined && p.done !== lastDone && (Date.now() - last > 2000 || finished)) {
        last = Date.now();
        lastDone = p.done;
        note(`  ${p.done}/${total} items · ${p.ratePerSecond.toFixed(1)}/s · failed ${p.failed}`);
      }
    },
    stop: () => undefined,
  };
}
