import { rmSync } from 'node:fs';
import { CANCEL_SIGNALS, type CancelSignal } from '../cancel-on-signals';

// Paths to delete if the process ends before their owner does: `runs export … | head` exits on EPIPE mid-export,
// Ctrl-C ends it without an 'exit' event. A half-written export or its spool files must not stay behind.
const pending = new Set<string>();

function removeAll(): void {
  for (const file of pending) rmSync(file, { recursive: true, force: true });
  pending.clear();
}

function onSignal(signal: CancelSignal): void {
  removeAll();
  uninstall();
  // Die of the signal as before (exit code 128 + n), now that nothing handles it.
  process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', removeAll);
  for (const signal of CANCEL_SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', removeAll);
  for (const signal of CANCEL_SIGNALS) process.off(signal, onSignal);
}

/** Deletes `file` (a file or a folder) if the process exits or is signalled before the returned function is called. */
export function removeOnExit(file: string): () => void {
  if (pending.size === 0) install();
  pending.add(file);
  return () => {
    pending.delete(file);
    if (pending.size === 0) uninstall();
  };
}
