import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExportFormat } from '@llm-eval/evaluator';
import type { ItemInput } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { BIN } from './cli-process';

// `runs export` writes a run page by page (a 200,000-item run held every item and the whole text in memory); its bytes
// must stay exactly those of the evaluator's one-shot formatExport over all of the run's items, in every format, to a
// file and to stdout, for runs of one page and of several.

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-export-streaming-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FORMATS: ExportFormat[] = ['json', 'jsonl', 'csv'];
const at = (ms: number) => new Date(Date.UTC(2026, 10, 3, 9, 0, 0) + ms);

/** Completed, failed, skipped and pending items; metric errors, reasons, unicode, formula-like text, odd ids. */
const MIXED: ItemInput[] = [
  {
    itemId: 'q-ok', sequenceNumber: 0, input: { q: 'Quelle est la capitale ? — 東京 😀' }, expectedOutput: 'Paris', actualOutput: 'Paris', status: 'completed',
    startedAt: at(1_001), completedAt: at(1_457), responseTime: 0.456, tokensUsed: 42, cost: 0.0021, traceId: 'trace-ok',
    scores: { exact_match: 1, judge: true }, metadata: { kind: 'geo', metric_reasons: { judge: 'same city ✓' }, task: { model: 'x' } },
  },
  {
    itemId: 'q-judge-error', sequenceNumber: 1, input: 'line\nbreak\u2028sep', expectedOutput: '=SUM(A1:A2)', actualOutput: '+1', status: 'completed',
    startedAt: at(1_003), completedAt: at(2_999), responseTime: 1.996, scores: { exact_match: 0, judge: { error: 'judge timed out' } }, metadata: { attempts: 3 },
  },
  {
    itemId: 'q-failed', sequenceNumber: 3, input: { q: 'boom' }, expectedOutput: '?', actualOutput: 'half an answer', status: 'failed', errorType: 'TypeError',
    errorMessage: 'no answer, "quoted"', startedAt: at(1_004), completedAt: at(1_009), responseTime: 0.005, tokensUsed: 7, cost: 0.0003, traceId: 'trace-failed',
    scores: { judge: { error: 'nothing to judge' } }, metadata: { kind: 'x', attempts: 2, metric_reasons: { judge: 'n/a' } },
  },
  { itemId: 'q-skipped', sequenceNumber: 5, input: 'skip', status: 'skipped', errorMessage: 'skipped by filter', startedAt: null, completedAt: null },
  { itemId: 'q-no-type', sequenceNumber: 6, input: 'x', status: 'failed', errorMessage: 'it broke', completedAt: at(3_001) },
  { itemId: 'ünï ✓', sequenceNumber: 7, input: '@cmd', expectedOutput: '-1', actualOutput: '-1', status: 'completed', responseTime: null, scores: { exact_match: 1, judge: 0.5 } },
  { itemId: '__proto__', sequenceNumber: 8, input: 'proto', expectedOutput: 'p', actualOutput: 'p', status: 'completed', responseTime: 0.1, scores: { exact_match: 1 } },
];

/** Item ids that look like array indexes, out of numeric order: JSON objects list such keys first, in numeric order. */
const INDEX_IDS: ItemInput[] = ['10', '9', 'b', '2', 'a', '0'].map((itemId, i) => ({
  itemId, sequenceNumber: i, input: `in ${itemId}`, expectedOutput: itemId, actualOutput: i % 3 === 2 ? null : itemId,
  status: i % 3 === 2 ? 'failed' : 'completed', errorMessage: i % 3 === 2 ? 'nope' : null, responseTime: 0.25, scores: (i % 3 === 2 ? {} : { exact_match: 1 }) as ItemInput['scores'],
}));

/** More items than three of storage's pages (1,000 each). */
const MANY: ItemInput[] = Array.from({ length: 2_500 }, (_, i) => ({
  itemId: `item-${String(i).padStart(5, '0')}`, sequenceNumber: i, input: { n: i, text: `Σ ${i} — ✓` }, expectedOutput: String(i),
  actualOutput: i % 7 === 3 ? null : String(i), status: i % 7 === 3 ? 'failed' : i % 31 === 5 ? 'skipped' : 'completed',
  errorType: i % 7 === 3 ? 'TimeoutError' : null, errorMessage: i % 7 === 3 ? 'timed out' : i % 31 === 5 ? 'skipped' : null,
  responseTime: 0.5, tokensUsed: i, cost: 0.001, scores: (i % 7 === 3 || i % 31 === 5 ? {} : { exact_match: i % 2, judge: i % 13 === 0 ? { error: 'judge down' } : 0.25 }) as ItemInput['scores'],
  metadata: i % 5 === 0 ? { metric_reasons: { judge: `reason ${i}` } } : null, startedAt: at(i), completedAt: at(i + 10),
}));

/**
 * Imports the fixture's runs and replaces it with each run's id and one-shot text per format: the evaluator's
 * formatExport over every item of the run as storage returns them (what `runs export` wrote before it streamed).
 */
const MAKE_RUNS = `
const fs = require('node:fs');
const { initializeDatabase } = require('@llm-eval/storage');
const { formatExport, storedRunToExport } = require('@llm-eval/evaluator');
(async () => {
  const file = process.argv[1];
  const { url, runs, formats } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const date = (v) => (typeof v === 'string' ? new Date(v) : v);
  const db = await initializeDatabase({ url });
  const out = {};
  try {
    for (const [name, items] of Object.entries(runs)) {
      const run = await db.runs.importRun(
        { name: 'stream ' + name + ' ✓', status: 'completed', datasetName: 'ds', modelName: 'echo', tags: ['t'], metricsUsed: ['exact_match', 'judge'],
          startedAt: new Date(Date.UTC(2026, 10, 3, 9)), completedAt: new Date(Date.UTC(2026, 10, 3, 10)) },
        items.map((i) => ({ ...i, startedAt: date(i.startedAt), completedAt: date(i.completedAt) })),
      );
      const all = [];
      let cursor;
      do {
        const page = await db.runs.listItems(run.id, { limit: 1000, cursor });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const stored = await db.runs.requireRun(run.id);
      out[name] = { id: run.id, texts: Object.fromEntries(formats.map((f) => [f, formatExport(storedRunToExport(stored, all), f)])) };
    }
  } finally {
    await db.close();
  }
  fs.writeFileSync(file, JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

/** The built CLI with stdout as bytes (runCli decodes each chunk alone, which splits multi-byte characters). */
function exportBytes(args: string[], url: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LLM_EVAL_DATABASE_URL: url };
  const r = spawnSync(process.execPath, [BIN, 'runs', 'export', ...args], { cwd: dir, env, timeout: 120_000, maxBuffer: 1 << 30 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

describe.each(DATABASE_KINDS)('runs export writes the bytes of the one-shot export on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  const runs: Record<string, string> = {};
  /** The one-shot text of each run and format: the evaluator's formatExport over every item, read from storage. */
  const expected: Record<string, Record<string, Buffer>> = {};

  beforeAll(() => {
    // In a child process, through the built storage and evaluator (what the binary under test loads too).
    const fixture = path.join(dir, `${kind}-fixture.json`);
    writeFileSync(fixture, JSON.stringify({ url: database.url, runs: { mixed: MIXED, index: INDEX_IDS, many: MANY }, formats: FORMATS }));
    const made = spawnSync(process.execPath, ['-e', MAKE_RUNS, fixture], { cwd: path.join(__dirname, '..'), encoding: 'utf8', timeout: 120_000 });
    expect(made.stderr).toBe('');
    const out = JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, { id: string; texts: Record<string, string> }>;
    rmSync(fixture);
    for (const [name, { id, texts }] of Object.entries(out)) {
      runs[name] = id;
      expected[name] = Object.fromEntries(Object.entries(texts).map(([f, text]) => [f, Buffer.from(text, 'utf8')]));
    }
  }, 120_000);

  it.each(FORMATS)('%s of completed, failed and skipped items with metric errors, reasons and unicode, to a file and to stdout', (format) => {
    const file = path.join(dir, `${kind}-mixed.${format}`);
    const written = exportBytes([runs.mixed!, '-o', file], database.url);
    expect([written.code, written.stderr]).toEqual([0, `Exported ${MIXED.length} items to ${file}\n`]);
    expect(readFileSync(file).equals(expected.mixed![format]!)).toBe(true);
    const printed = exportBytes([runs.mixed!, '--format', format], database.url);
    expect([printed.code, printed.stderr]).toEqual([0, '']);
    expect(printed.stdout.equals(expected.mixed![format]!)).toBe(true);
  });

  it.each(FORMATS)('%s of item ids that look like array indexes, out of numeric order', (format) => {
    const printed = exportBytes([runs.index!, '--format', format], database.url);
    expect(printed.code).toBe(0);
    const text = printed.stdout.toString('utf8');
    if (format !== 'json') {
      expect(text).toBe(expected.index![format]!.toString('utf8'));
      return;
    }
    // The same document; results in item order ("10" before "9", as Python's json.dump keeps a dict's order), where
    // the one-shot JSON.stringify lists index-like keys numerically. Streaming keeps memory flat for such runs too.
    expect(JSON.parse(text)).toEqual(JSON.parse(expected.index!.json!.toString('utf8')));
    expect(text.indexOf('"10": {')).toBeLessThan(text.indexOf('"9": {'));
  });

  it('says which temporary folder a JSON export cannot use (TMPDIR), and leaves no file behind', () => {
    const notAFolder = path.join(dir, `${kind}-tmpdir-file`);
    writeFileSync(notAFolder, 'x');
    const file = path.join(dir, `${kind}-no-spool.json`);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LLM_EVAL_DATABASE_URL: database.url, TMPDIR: notAFolder };
    const r = spawnSync(process.execPath, [BIN, 'runs', 'export', runs.mixed!, '-o', file], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Cannot create the JSON export's temporary files in ${notAFolder} (TMPDIR)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(file)).toBe(false);
    rmSync(notAFolder);
  });

  it.each(FORMATS)('%s of a run of three pages and more, to a file and to stdout', (format) => {
    const file = path.join(dir, `${kind}-many.${format}`);
    const written = exportBytes([runs.many!, '-o', file, '--json'], database.url);
    expect(written.code).toBe(0);
    expect(JSON.parse(written.stdout.toString('utf8'))).toEqual({ runId: runs.many, file, format, items: MANY.length });
    expect(readFileSync(file).equals(expected.many![format]!)).toBe(true);
    const printed = exportBytes([runs.many!, '--format', format], database.url);
    expect(printed.code).toBe(0);
    expect(printed.stdout.equals(expected.many![format]!)).toBe(true);
  });

  it.each(FORMATS)('%s that fails midway (a file size limit) leaves the file it would replace as it was, and no temporary file', (format) => {
    const file = path.join(dir, `${kind}-limited.${format}`);
    writeFileSync(file, 'before\n');
    const spool = mkdtempSync(path.join(dir, `${kind}-spool-`));
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LLM_EVAL_DATABASE_URL: database.url, TMPDIR: spool };
    // 64 KiB: a few hundred items in, in every format (JSON fails writing its spool files).
    const command = `ulimit -f 64; exec "${process.execPath}" "${BIN}" runs export ${runs.many} -o "${file}"`;
    const r = spawnSync('bash', ['-c', command], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    expect([r.status, r.stderr]).toEqual([1, expect.stringContaining('EFBIG')]);
    expect(readFileSync(file, 'utf8')).toBe('before\n');
    expect(readdirSync(spool)).toEqual([]);
    rmSync(file);
    rmSync(spool, { recursive: true });
  });

  it.each(FORMATS)('%s into a pipe that closes early stops quietly and leaves no temporary files', (format) => {
    const spool = mkdtempSync(path.join(dir, `${kind}-spool-`));
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LLM_EVAL_DATABASE_URL: database.url, TMPDIR: spool };
    const command = `set -o pipefail; "${process.execPath}" "${BIN}" runs export ${runs.many} --format ${format} | head -c 100 > /dev/null`;
    const r = spawnSync('bash', ['-c', command], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(readdirSync(spool)).toEqual([]);
    rmSync(spool, { recursive: true });
  });

  it('leaves nothing but the exports in the folder', () => {
    expect(readdirSync(dir).filter((name) => name.startsWith(kind)).sort()).toEqual(
      FORMATS.flatMap((f) => [`${kind}-many.${f}`, `${kind}-mixed.${f}`]).sort(),
    );
  });
});
