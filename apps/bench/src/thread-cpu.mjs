// CPU time of this process's threads, split into the main thread and every other thread (worker threads, V8's GC
// helpers, libuv's pool), from Linux's /proc/self/task. Resolution: one clock tick (10 ms); null where /proc is absent.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** { main, others } CPU milliseconds so far, or null when the platform has no /proc/self/task. */
export function threadCpuMs() {
  let tids;
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return null;
  }
  let main = 0;
  let others = 0;
  for (const tid of tids) {
    let stat;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    if (Number(tid) === process.pid) main += ms;
    else others += ms;
  }
  return { main, others };
}

/** The CPU time between two threadCpuMs() readings (null when either is). */
export function threadCpuSince(before, after = threadCpuMs()) {
  return before && after ? { main: after.main - before.main, others: after.others - before.others } : null;
}
