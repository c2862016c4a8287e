// Bulk item ingestion: runs.addItems next to the raw-driver baseline, alternating, median of the repetitions.
import { median, nowMs, round } from './measure.mjs';

async function timeBatches(insertBatch, items, batchSize) {
  const start = nowMs();
  for (let first = 0; first < items.length; first += batchSize) {
    await insertBatch(items.slice(first, first + batchSize), first);
  }
  const ms = nowMs() - start;
  return { ms, itemsPerSec: (items.length / ms) * 1000 };
}

/**
 * Inserts `items` in batches of `batchSize` into a fresh run per measurement, `repetitions` times for each of the
 * repository and the baseline, alternating which goes first. Every measurement gets its own run row, created
 * through runs.createRun, so unique constraints and foreign keys behave the same for both.
 */
export async function benchIngestion({ runs, baseline, items, batchSize, repetitions, warmupItems = 5_000, log }) {
  const viaRepository = async (runId) =>
    timeBatches((batch) => runs.addItems(runId, batch), items, batchSize);
  const viaBaseline = async (runId) =>
    timeBatches((batch, first) => baseline.insert(runId, batch, first), items, batchSize);

  // Warm up both paths (JIT, statement caches, file growth) on a small slice.
  const warm = items.slice(0, warmupItems);
  const warmRepo = await runs.createRun({ name: 'ingest warm-up repository', projectId: 'bench-ingest' });
  await runs.addItems(warmRepo.id, warm);
  const warmRaw = await runs.createRun({ name: 'ingest warm-up raw', projectId: 'bench-ingest' });
  await baseline.insert(warmRaw.id, warm, 0);

  const samples = { repository: [], raw: [] };
  for (let rep = 0; rep < repetitions; rep++) {
    const order = rep % 2 === 0 ? ['raw', 'repository'] : ['repository', 'raw'];
    for (const kind of order) {
      const run = await runs.createRun({ name: `ingest ${kind} ${rep}`, projectId: 'bench-ingest' });
      const { ms, itemsPerSec } = kind === 'raw' ? await viaBaseline(run.id) : await viaRepository(run.id);
      samples[kind].push(itemsPerSec);
      log?.(`  ${kind.padEnd(10)} rep ${rep + 1}: ${Math.round(itemsPerSec).toLocaleString('en-US')} items/s (${round(ms, 0)} ms)`);
    }
  }
  const repositoryItemsPerSec = median(samples.repository);
  const rawItemsPerSec = median(samples.raw);
  return {
    items: items.length,
    batchSize,
    repetitions,
    repositoryItemsPerSec: Math.round(repositoryItemsPerSec),
    rawItemsPerSec: Math.round(rawItemsPerSec),
    ratio: round(repositoryItemsPerSec / rawItemsPerSec, 3),
    samples: {
      repository: samples.repository.map((v) => Math.round(v)),
      raw: samples.raw.map((v) => Math.round(v)),
    },
  };
}
