import { statSync, type BigIntStats } from 'node:fs';

/**
 * fs.statSync of a path the user gave, or undefined when nothing can be found there (as existsSync says false: a
 * missing file, a path through a file, a symlink loop, a name too long, no permission).
 *
 * Always as BigInt stats: Node 20's plain statSync writes into a stat array it shares with fs.realpathSync, which reads
 * it again for path components it has resolved before and stops resolving symlinks when it says "pipe". After a plain
 * statSync of `-o /dev/stdout` piped into another program (or of any FIFO), the libraries this command loads next
 * were found under their symlinked pnpm paths, where their own dependencies are not: "Cannot find module 'tslib'".
 * BigInt stats use an array of their own.
 */
export function statOf(file: string): BigIntStats | undefined {
  try {
    return statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
