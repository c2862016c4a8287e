/** The CLI itself is ending the process: not a task's doing (see exit-during-run.ts). */
let ownExit = false;

/** Whether the process is being ended by the CLI's own code. */
export function exitingOnPurpose(): boolean {
  return ownExit;
}

/**
 * Ends the process from the CLI's own code (the command's end, a usage error, a second Ctrl-C), so that while a run is
 * in progress the exit is not reported as a process.exit() of the task's. Kept free of imports: bin.ts loads it first.
 */
export function exitNow(code: number): never {
  ownExit = true;
  return process.exit(code);
}
