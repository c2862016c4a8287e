#!/usr/bin/env node
import { main } from './cli';
import { flushOutput } from './output/print';

// `llm-eval runs list | head` closes the pipe early: stop quietly instead of crashing with EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Once the command is done and its output flushed, exit with its code: a task module that left a timer or a socket
// open (setInterval never cleared, a keep-alive agent) must not keep the process alive after the run is stored.
main().then(
  async () => {
    await flushOutput();
    process.exit(process.exitCode ?? 0);
  },
  (error: unknown) => {
    process.stderr.write(`llm-eval: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
