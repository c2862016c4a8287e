// The server side of bench:server, in its own process: the built @llm-eval/server (dist) over the benchmark database,
// listening on a free loopback port. It tells its parent the URL over IPC and closes cleanly when told to stop (or
// when the parent goes away), so `--cpu-prof` can write its profile.
import { createServer } from '@llm-eval/server';

const databaseUrl = process.argv[2];
if (!databaseUrl || !process.send) {
  console.error('usage: started by server.bench.mjs with an IPC channel: node server-process.mjs <database url>');
  process.exit(2);
}

// BENCH_RESPONSE_CACHE=0: every request computed (the response cache serves repeated identical reads from memory).
const responseCacheMs = process.env.BENCH_RESPONSE_CACHE === '0' ? 0 : undefined;
const server = await createServer({ databaseUrl, host: '127.0.0.1', port: 0, responseCacheMs });
const url = await server.listen();

let closing = false;
async function stop() {
  if (closing) return;
  closing = true;
  await server.close();
  process.disconnect?.();
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.send({ url });
