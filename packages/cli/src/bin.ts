#!/usr/bin/env node
import { main } from './cli';
import { exitNow } from './own-exit';
import { exitOnOutputError, flushOutput } from './output/print';
import { terminalText } from './output/terminal-text';

// `llm-eval runs list | head` closes the pipe early: stop quietly instead of crashing with EPIPE. A command that is
// storing a run goes on without its output (a closed stderr must not cost a cancel its run's end either).
for (const stream of ['stdout', 'stderr'] as const) {
  process[stream].on('error', (error: NodeJS.ErrnoException) => {
    if (exitOnOutputError(stream, error.code)) exitNow(0);
    if (error.code !== 'EPIPE') throw error;
  });
}

// Once the command is done and its output flushed, exit with its code: a task module that left a timer or a socket
// open (setInterval never cleared, a keep-alive agent) must not keep the process alive after the run is stored.
main().then(
  async () => {
    await flushOutput();
    exitNow(Number(process.exitCode ?? 0));
  },
  (error: unknown) => {
    process.stderr.write(`llm-eval: ${terminalText((error as Error)?.stack ?? String(error))}\n`);
    exitNow(1);
  },
);
