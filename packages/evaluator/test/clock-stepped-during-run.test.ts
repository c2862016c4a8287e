import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A run's times came from the system clock at each moment: a clock stepped forward an hour during a 2-second run (an
// NTP step, a VM resumed) stored a duration of an hour, and one stepped back put items' ends before their starts and
// the run's start before its creation. The run now reads the system clock once and advances it monotonically. The
// step is real: the run's process runs under libfaketime, and its task moves the faked clock mid-run.
const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const DIST = path.join(__dirname, '..', 'dist', 'index.cjs');

interface Outcome {
  created: number;
  start: number;
  end: number;
  duration: number;
  items: Array<{ start: number; end: number; responseTime: number }>;
  /** The process's own clock after the step, minus before it: the step really happened. */
  stepSeen: number;
}

function runWithClockStep(step: string): Outcome {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llm-eval-clock-'));
  const stepFile = path.join(dir, 'faketime');
  writeFileSync(stepFile, '+0\n');
  const script = `
    const { writeFileSync } = require('node:fs');
    const { Evaluator } = require(${JSON.stringify(DIST)});
    let stepSeen = 0;
    const task = async (input, context) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      // After the third item the system clock steps (libfaketime re-reads the file at every call).
      if (context.item.index === 2) {
        const before = Date.now();
        writeFileSync(${JSON.stringify(stepFile)}, ${JSON.stringify(`${step}\n`)});
        stepSeen = Date.now() - before;
      }
      return input;
    };
    new Evaluator({ task, dataset: Array.from({ length: 6 }, (_, i) => ({ id: 'q' + i, input: 'x' + i, expected: 'x' + i })), metrics: ['exact_match'],
      config: { storeRuns: false, maxConcurrency: 1 } }).run().then((r) => console.log(JSON.stringify({
        created: r.runInfo.createdAt.getTime(), start: r.startTime.getTime(), end: r.endTime.getTime(), duration: r.durationSeconds, stepSeen,
        items: r.items.map((i) => ({ start: i.startedAt.getTime(), end: i.completedAt.getTime(), responseTime: i.responseTime })) })));
  `;
  try {
    const child = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, LD_PRELOAD: FAKETIME_LIB, FAKETIME_TIMESTAMP_FILE: stepFile, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' },
    });
    if (child.status !== 0) throw new Error(`the run failed: ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').pop()!) as Outcome;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a system clock stepped during a run', () => {
  beforeAll(() => {
    if (!existsSync(FAKETIME_LIB)) throw new Error(`libfaketime is missing (${FAKETIME_LIB}): apt-get install -y faketime`);
  });

  it.each([
    ['an hour forward', '+1h', 3_600_000],
    ['an hour back', '-1h', -3_600_000],
  ])('%s moves none of its times: the duration is what the items took, every end follows its start', (_label, step, stepMs) => {
    const outcome = runWithClockStep(step);
    // The step happened in the run's process.
    expect(Math.abs(outcome.stepSeen - stepMs)).toBeLessThan(60_000);
    // Six items of about 100 ms each, one after the other: not an hour, not negative.
    expect(outcome.duration).toBeGreaterThan(0.5);
    expect(outcome.duration).toBeLessThan(60);
    expect(outcome.end - outcome.start).toBe(Math.round(outcome.duration * 1000));
    expect(outcome.start).toBeGreaterThanOrEqual(outcome.created);
    for (const item of outcome.items) expect(item.end).toBeGreaterThanOrEqual(item.start);
    for (let i = 1; i < outcome.items.length; i++) expect(outcome.items[i]!.start).toBeGreaterThanOrEqual(outcome.items[i - 1]!.end);
    expect(outcome.items[outcome.items.length - 1]!.end).toBeLessThanOrEqual(outcome.end);
  });
});
