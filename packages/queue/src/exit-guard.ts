/** Guards held now (loads of runs' modules). */
let held = 0;
/** What process.exit was when the guard went on, put back when the last guard is released. */
let saved: typeof process.exit = process.exit;
/** process.exit before the first guard ever: where the guard sends a call made while no guard is held. */
let realExit: typeof process.exit | undefined;

/**
 * process.exit while a guard is held. A module that keeps a reference to it (an exit hook that wraps process.exit at
 * load) still gets the real exit once every guard is released.
 */
const guard = ((code?: number | string | null) => {
  if (held === 0) return (realExit ?? saved).call(process, code);
  throw new Error(`it called process.exit(${code ?? ''}) while loading (a worker stays up for other runs; throw an Error to fail the run with a reason of your own)`);
}) as typeof process.exit;

/**
 * Turns process.exit into a throw until the returned release is called (once every guard taken is released), for the
 * time a worker imports a run's task or metric modules: a module that calls it while loading (`if (!process.env.KEY)
 * process.exit(1)`) then fails its run with the reason, as a throw at load does, instead of killing every worker that
 * takes the run in turn while the submitter waits for ever. Released when the load ends, gives up (its timeout, a
 * cancel) or the worker stops, never later: a load that never settles must not keep the worker from exiting. A call
 * from elsewhere in the process meanwhile (another run's task) throws too, which fails that item, not the worker.
 * @internal
 */
export function guardProcessExit(): () => void {
  if (held++ === 0 && process.exit !== guard) {
    saved = process.exit;
    realExit ??= process.exit;
    process.exit = guard;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // Only our own guard is taken back: a wrapper a module put over it meanwhile stays (and reaches the real exit).
    if (--held === 0 && process.exit === guard) process.exit = saved;
  };
}
