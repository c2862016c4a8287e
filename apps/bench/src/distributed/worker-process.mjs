// One benchmark worker process (run with child_process.fork): starts a queue worker, tells the parent when it is
// ready and how long that took, hands over its task start times, round trips and CPU time on request, and shuts down gracefully on 'close'.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startWorker } from '@llm-eval/queue';
import { countRoundTrips, takeRoundTrips } from './round-trips.mjs';
import { takeStarts } from './sleep-task.mjs';

countRoundTrips();

const began = performance.now();
const { BENCH_REDIS_URL, BENCH_QUEUE_PREFIX, BENCH_DATABASE_URL, BENCH_CONCURRENCY, BENCH_WORKER_NAME } = process.env;
const events = [];
const worker = await startWorker({
  queue: { url: BENCH_REDIS_URL, prefix: BENCH_QUEUE_PREFIX },
  databaseUrl: BENCH_DATABASE_URL,
  concurrency: Number(BENCH_CONCURRENCY),
  name: BENCH_WORKER_NAME,
  onEvent: (event) => events.push(event),
});
process.send({ type: 'ready', startupMs: performance.now() - began });
takeRoundTrips();
let cpu = process.cpuUsage();
// A late timer starts a limiter's reserved slot late, so several starts can bunch after a stall: the bench shows it.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/** p99 and max event-loop delay (ms) since the last call. */
function takeLoopDelay() {
  const delay = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  loopDelay.reset();
  return delay;
}

/** CPU time (user + system, ms) this process used since the last call. */
function takeCpuMs() {
  const used = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

process.on('message', async (message) => {
  if (message.type === 'starts') process.send({ type: 'starts', starts: takeStarts(), roundTrips: takeRoundTrips(), cpuMs: takeCpuMs(), loopDelay: takeLoopDelay(), events: events.splice(0) });
  if (message.type === 'close') {
    await worker.close();
    process.send({ type: 'closed' });
    process.disconnect();
  }
});
