import type { ProgressEvent, ProgressListener } from './progress';
import { describeThrown } from './safe-value';

/**
 * Calls every listener with each event, shielding the run from them. A progress listener is display code (a progress
 * bar, a log line, a spill file): a bug in it must never fail, truncate or lose an evaluation whose task calls may
 * have been paid for, nor leave its stored run `running`. So an error a listener throws (or the promise an async one
 * returns rejects with) is caught, the listener keeps getting later events, and the first such error of the run is
 * reported once as a process warning (`LlmEvalWarning`) naming the event and the error; later ones are not, so a
 * listener that throws on every item does not flood stderr.
 * @internal
 */
export function progressEmitter(listeners: readonly ProgressListener[]): (event: ProgressEvent) => void {
  let reported = false;
  const report = (event: ProgressEvent, error: unknown) => {
    if (reported) return;
    reported = true;
    process.emitWarning(
      `llm-eval: an onProgress listener threw on the '${event.type}' event: ${describeThrown(error)}. The evaluation goes on; ` +
        'later errors of the listeners of this run are not reported.',
      'LlmEvalWarning',
    );
  };
  return (event) => {
    for (const listener of listeners) {
      try {
        const returned = listener(event) as unknown;
        if (typeof (returned as PromiseLike<unknown> | undefined)?.then === 'function') {
          (returned as PromiseLike<unknown>).then(undefined, (error: unknown) => report(event, error));
        }
      } catch (error) {
        report(event, error);
      }
    }
  };
}
