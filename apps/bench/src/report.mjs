// The printed markdown table, the machine description and the results JSON file.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Node version, CPU, memory and date of this run. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    date: new Date().toISOString(),
  };
}

const int = (n) => (n === undefined || n === null ? '–' : Math.round(n).toLocaleString('en-US'));
const ms = (n) => (n === undefined || n === null ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const mark = (ok) => (ok ? ' ✓' : ' ✗');

function latency(entry, targetMs) {
  if (!entry) return '–';
  return `${ms(entry.p50)} / ${ms(entry.p95)}${targetMs ? mark(entry.p50 <= targetMs) : ''}`;
}

/** A markdown table of every headline figure, SQLite and PostgreSQL side by side. */
export function markdownTable(results) {
  const s = results.sqlite ?? {};
  const p = results.postgres ?? {};
  const ing = results.config;
  const rows = [
    ['measurement', 'SQLite', 'PostgreSQL', 'target'],
    ['---', '---:', '---:', '---'],
    [
      `runs.addItems, items/s (${int(ing.ingestItems)} items in batches of ${int(ing.batchSize)}, median of ${ing.ingestRepetitions})`,
      int(s.ingestion?.repositoryItemsPerSec),
      int(p.ingestion?.repositoryItemsPerSec),
      '',
    ],
    [
      'raw driver baseline, items/s (SQLite: prepared single-row INSERT in one transaction; PostgreSQL: 500-row INSERTs)',
      int(s.ingestion?.rawItemsPerSec),
      int(p.ingestion?.rawItemsPerSec),
      '',
    ],
    [
      'ratio addItems / raw',
      s.ingestion ? `${s.ingestion.ratio.toFixed(2)}x${mark(s.ingestion.ratio >= 0.5)}` : '–',
      p.ingestion ? `${p.ingestion.ratio.toFixed(2)}x${mark(p.ingestion.ratio >= 0.5)}` : '–',
      '>= 0.5x',
    ],
  ];
  const seeded = `SQLite ${int(s.seed?.runs)} runs / ${int(s.seed?.items)} items; PostgreSQL ${int(p.seed?.runs)} runs / ${int(p.seed?.items)} items`;
  const cases = [
    ['firstPage', 5],
    ['deepPage', 5],
    ['filteredCount', 5],
    ['textCommon', 10],
    ['textRare', 10],
  ];
  for (const [key, target] of cases) {
    const label = s.listRuns?.[key]?.label ?? p.listRuns?.[key]?.label ?? key;
    rows.push([`${label}, p50 / p95 ms`, latency(s.listRuns?.[key], target), latency(p.listRuns?.[key], target), `p50 <= ${target} ms`]);
  }
  const m = s.computeRunMetrics ?? p.computeRunMetrics;
  rows.push([
    `runs.computeRunMetrics, ${int(m?.items)} items, p50 / p95 ms (${m?.repetitions ?? '–'} runs)`,
    latency(s.computeRunMetrics),
    latency(p.computeRunMetrics),
    '',
  ]);
  const table = rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
  const machine = results.machine;
  return (
    `${table}\n\n` +
    `Seeded for the listRuns rows: ${seeded}. ` +
    `Node ${machine.node}, ${machine.cpuModel} (${machine.cpuCount} cores), ${machine.date.slice(0, 10)}; ` +
    `whole benchmark ${Math.round(results.totalSeconds)} s.`
  );
}

/** Writes the JSON atomically (temp file, then rename). */
export function writeResults(file, results) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(tmp, file);
}
