import { unfinishedImports } from './load-module';
import { exitingOnPurpose } from './own-exit';
import { shortId } from './output/format';
import { terminalText } from './output/terminal-text';
import { onSameDatabase } from './same-database';

/** What became of the run, for a line about a process that ended before it finished. */
function runLeft(id: string | undefined): string {
  return id ? `run ${id} was left unfinished: settle it with ${onSameDatabase(`runs recover ${shortId(id)}`)}` : 'the run was not stored';
}

/**
 * While `evaluate` runs user code, a `process.exit()` there (a task or metric module that calls it, or a library it
 * uses) ends the CLI on the spot: the run is neither finished nor summarised, yet `process.exit()` / `exit(0)` left exit
 * code 0, so a CI job passed on a run that never ended. Until the returned function is called, such an exit becomes
 * exit code 1 with a line naming the unfinished run; any other exit code is kept as the code chose it, with the same
 * line (`process.exit(7)` ended evaluate with no word, the items finished before it not stored).
 *
 * Node also ends the process, with code 0, when nothing is left to do while the run still waits: a task or metric
 * module whose top-level `await` never settles, so its import never finishes. That is not a process.exit() (which
 * skips 'beforeExit'), so it gets exit code 1 and a line of its own, naming the module.
 *
 * `saveFinished` runs (synchronously: an 'exit' listener can do nothing else) when such an exit cuts the run short: it
 * saves the finished items the database does not hold yet and says where (see saveFinishedItemsNow).
 */
export function failEarlyExit(runId: () => string | undefined, saveFinished?: () => string | undefined): () => void {
  // The call itself is noted, so an exit Node makes (an uncaught exception: code 1, its stack already printed) is not
  // reported as a process.exit() of the task's.
  const original = process.exit;
  let called = false;
  const guard = ((code?: number | string | null) => {
    called = !exitingOnPurpose();
    return original.call(process, code);
  }) as typeof process.exit;
  process.exit = guard;
  const onExit = (code: number) => {
    if (!called) return;
    if (code === 0) process.exitCode = 1;
    const call = code === 0 ? 'process.exit' : `process.exit(${code}); exit code ${code} kept`;
    // Writes to stderr are synchronous for files, pipes and terminals on POSIX, so this line is not lost.
    let saved: string | undefined;
    try {
      saved = saveFinished?.();
    } catch {
      saved = undefined;
    }
    process.stderr.write(`llm-eval: the process was ended (${call}) by the task or a metric before the run finished; ${saved ?? runLeft(runId())}\n`);
  };
  const onBeforeExit = () => {
    process.exitCode = 1;
    const imports = unfinishedImports();
    // Modules are imported before the run starts, so an unfinished import means nothing was evaluated.
    const line = imports.length
      ? `${imports.map((i) => `${i.flag}: importing ${terminalText(i.module)} never finished (a top-level await in it never settles)`).join('; ')}; nothing was evaluated and no run was stored`
      : `something the task or a metric awaited never settled, and nothing else was left to do; ${runLeft(runId())}`;
    process.stderr.write(`llm-eval: ${line}\n`);
  };
  process.on('exit', onExit);
  process.on('beforeExit', onBeforeExit);
  return () => {
    // Only our own wrapper is taken back: one a task module put over it stays.
    if (process.exit === guard) process.exit = original;
    process.off('exit', onExit);
    process.off('beforeExit', onBeforeExit);
  };
}
