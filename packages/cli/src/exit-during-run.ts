import { shortId } from './output/format';

/**
 * While `evaluate` runs user code, a `process.exit()` there (a task or metric module that calls it, or a library it
 * uses) ends the CLI on the spot: the run is neither finished nor summarised, yet `process.exit()` / `exit(0)` left exit
 * code 0, so a CI job passed on a run that never ended. Until the returned function is called, such an exit becomes
 * exit code 1 with a line naming the unfinished run (any other exit code is left as the code chose it).
 */
export function failEarlyExit(runId: () => string | undefined): () => void {
  const onExit = (code: number) => {
    if (code !== 0) return;
    process.exitCode = 1;
    const id = runId();
    // Writes to stderr are synchronous for files, pipes and terminals on POSIX, so this line is not lost.
    process.stderr.write(
      `llm-eval: the process was ended (process.exit) by the task or a metric before the run finished; ${
        id ? `run ${id} was left unfinished: settle it with llm-eval runs recover ${shortId(id)}` : 'the run was not stored'
      }\n`,
    );
  };
  process.on('exit', onExit);
  return () => process.off('exit', onExit);
}
