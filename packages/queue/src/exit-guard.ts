/** Guards held now (loads of runs' modules), and the process's own process.exit while any is held. */
let held = 0;
let original: typeof process.exit | undefined;

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
  if (held++ === 0) {
    original = process.exit;
    process.exit = ((code?: number | string | null) => {
      throw new Error(`it called process.exit(${code ?? ''}) while loading (a worker stays up for other runs; throw an Error to fail the run with a reason of your own)`);
    }) as typeof process.exit;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--held === 0) {
      process.exit = original!;
      original = undefined;
    }
  };
}
