import { note } from './output/print';
import { thrownStack, thrownText } from './thrown-text';

/** What {@link watchForCrashes} returns. */
export interface CrashWatch {
  /** Aborted by the first uncaught exception, its reason naming it: the run stops as failed (RunOptions.failSignal). */
  failSignal: AbortSignal;
  /** The first uncaught exception's line, if one came. */
  uncaught(): string | undefined;
  /** Stops listening (Node's own handling again), saying how many promise rejections went unhandled past the first. */
  dispose(): void;
}

/**
 * While `evaluate` runs task and metric code, what that code breaks outside any item must not crash the CLI with Node's
 * stack dump and lose the items finished so far:
 * - an uncaught exception (thrown from a timer or an event handler of the task's) stops the run as a cancel does,
 *   but as failed: the items in flight are left out, the finished ones stored, the run stored as failed with the
 *   error as its reason; one line says so (the stack only with --verbose), and evaluate exits 1;
 * - a promise rejected and never handled (fire-and-forget logging) cannot be traced to an item and harms none: the
 *   first is reported as a warning naming it, the rest are counted, and the run goes on.
 */
export function watchForCrashes(verbose: boolean): CrashWatch {
  const controller = new AbortController();
  let first: string | undefined;
  let laterExceptions = 0;
  let rejections = 0;
  const onUncaught = (error: unknown) => {
    if (first !== undefined) {
      laterExceptions++;
      return;
    }
    // Where it was thrown (the first frame of its stack) tells the user's code from llm-eval's own.
    const where = firstFrame(error);
    first = `an uncaught exception outside any item (thrown by the task, a metric or llm-eval itself${where ? `, ${where}` : ''}): ${thrownText(error)}`;
    note(`\nllm-eval: ${first}; stopping the run: the items in flight are left out, the finished ones stored, and the run stored as failed`);
    const stack = verbose ? thrownStack(error) : undefined;
    if (stack) note(stack);
    controller.abort(new Error(first));
  };
  const onRejection = (reason: unknown) => {
    rejections++;
    if (rejections > 1) return;
    note(`llm-eval: warning: a promise rejected and nothing handled it (in the task or a metric): ${thrownText(reason)}; the run goes on (later ones are counted, not shown)`);
    const stack = verbose ? thrownStack(reason) : undefined;
    if (stack) note(stack);
  };
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);
  return {
    failSignal: controller.signal,
    uncaught: () => first,
    dispose: () => {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onRejection);
      if (laterExceptions > 0) note(`llm-eval: warning: ${laterExceptions} more uncaught exception${laterExceptions === 1 ? '' : 's'} came while the run stopped (not shown)`);
      if (rejections > 1) note(`llm-eval: warning: ${rejections} promise rejections went unhandled in the task or a metric during the run`);
    },
  };
}

/** "at file:///…/task.mjs:3:45": the first frame of a thrown value's stack, if it has one that can be read. */
function firstFrame(error: unknown): string | undefined {
  const frame = thrownStack(error)?.split('\n').find((line) => /^\s+at /.test(line));
  return frame?.trim();
}
