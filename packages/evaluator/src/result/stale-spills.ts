import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A spill directory's name: the writing process's pid, then mkdtemp's random suffix. */
const SPILL_NAME = /^llm-eval-spill-(\d+)-[A-Za-z0-9]{6}$/;

/** How long a dead process's spill must have been untouched before it is removed. */
export const STALE_SPILL_MS = 10 * 60_000;

/** The directory prefix of this process's spills (mkdtemp adds the suffix). @internal */
export function spillPrefix(): string {
  return `llm-eval-spill-${process.pid}-`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return (error as NodeJS.ErrnoException)?.code !== 'ESRCH';
  }
}

/** The latest modification time of the directory and the files in it. */
function lastTouched(dir: string): number {
  let latest = statSync(dir).mtimeMs;
  for (const name of readdirSync(dir)) latest = Math.max(latest, statSync(join(dir, name)).mtimeMs);
  return latest;
}

/**
 * Removes the spill directories under `directory` left by processes that were killed before they could remove their
 * own (kill -9, a crash, the machine stopping): a spill is removed when its process no longer exists and nothing in it
 * changed for STALE_SPILL_MS (so a spill of a live process of another PID namespace sharing the directory, which looks
 * dead from here, is kept while it is being written). Never throws; returns the directories removed.
 * @internal
 */
export function removeStaleSpills(directory: string, now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = SPILL_NAME.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || alive(pid)) continue;
    const dir = join(directory, name);
    try {
      if (now - lastTouched(dir) < STALE_SPILL_MS) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}
