// CPU time of the whole machine and of the processes behind a distributed run (Redis, PostgreSQL, this bench), read
// from /proc, so a phase's throughput can be set against the machine's cores: when the cores are busy, more workers
// cannot go faster. Linux only; elsewhere `cpuSnapshot` returns undefined and the bench reports no CPU figures.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
  } catch {
    return 100;
  }
})();

/** Group of a process by its command name and pid. */
function groupOf(comm, pid, workerPids) {
  if (pid === process.pid) return 'bench';
  if (workerPids.has(pid)) return 'workers';
  if (comm === 'redis-server') return 'redis';
  if (comm === 'postgres' || comm === 'postmaster') return 'postgres';
  return undefined;
}

/** Busy and total CPU ms of the machine (/proc/stat) and CPU ms used so far by each group's live processes. */
export function cpuSnapshot(workerPids = new Set()) {
  let stat;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3] + (fields[4] ?? 0);
  const all = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const groups = { bench: 0, workers: 0, redis: 0, postgres: 0 };
  const perPid = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const group = groupOf(comm, Number(entry), workerPids);
      if (!group) continue;
      const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(rest[11]) + Number(rest[12])) * 1000) / TICKS; // utime, stime
      perPid.set(entry, { group, ms });
    } catch {
      // the process ended meanwhile
    }
  }
  return { atMs: performance.now(), busyMs: ((all - idle) * 1000) / TICKS, allMs: (all * 1000) / TICKS, perPid };
}

/**
 * CPU between two snapshots: the machine's busy share of its cores, and CPU ms per item of each group (processes alive
 * at both snapshots; a PostgreSQL backend that ended meanwhile is missed) and of everything else on the machine.
 */
export function cpuBetween(before, after, items) {
  if (!before || !after) return undefined;
  const cores = cpus().length;
  const busyMs = after.busyMs - before.busyMs;
  const groups = { bench: 0, workers: 0, redis: 0, postgres: 0 };
  for (const [pid, { group, ms }] of after.perPid) groups[group] += ms - (before.perPid.get(pid)?.ms ?? 0);
  const known = Object.values(groups).reduce((a, b) => a + b, 0);
  const r = (n) => Math.round(n * 100) / 100;
  return {
    cores,
    machineBusyPercent: r((100 * busyMs) / (after.allMs - before.allMs)),
    busyCoreSecondsPerSecond: r(busyMs / (after.atMs - before.atMs)),
    cpuMsPerItem: { ...Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, r(v / items)])), other: r((busyMs - known) / items), machine: r(busyMs / items) },
  };
}
