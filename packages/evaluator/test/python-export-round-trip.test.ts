import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { migrateFromEvaluationResult, readExportFile, RunExportChunks, type EvaluationExport } from '../src';

// Importing the Python tool's export and exporting it again changed it: start_time "2026-03-14T09:26:53.589793" came
// back as "2026-03-14T09:26:53.589+00:00" (microseconds lost, a zone added, so Python code subtracting a naive
// datetime.now() raised); and a result with "success": false and no error was imported without a word (the file's
// success_rate 0.8 became 0.6) and exported into `errors` as "Error: ", a message the file never had.

const SAMPLE = path.join(__dirname, 'fixtures', 'python-export-sample.json');
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-python-round-trip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sample with item_2 marked as failed, without an error (as a hand-edited or another version's file may have it). */
function failedWithoutError(): EvaluationExport {
  const data = JSON.parse(readFileSync(SAMPLE, 'utf8')) as EvaluationExport;
  data.results.item_2!.success = false;
  return data;
}

describe.each(DATABASE_KINDS)('a Python export imported and exported again, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  /** Imports a parsed export, then exports the stored run as `runs export` does; the warnings of the import and the text. */
  async function roundTrip(data: EvaluationExport, format: 'json' | 'jsonl' = 'json') {
    const warnings: string[] = [];
    const runId = await migrateFromEvaluationResult(data, { databaseUrl: database.url, allowDuplicate: true, onWarning: (w) => warnings.push(w) });
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.requireRun(runId);
      const firstPage = await db.runs.listItems(runId, { limit: 1000 });
      let text = '';
      for await (const chunk of new RunExportChunks(format, { runs: db.runs, run, firstPage }).chunks()) text += chunk.toString();
      return { runId, warnings, text };
    } finally {
      await db.close();
    }
  }

  it('gives back start_time and end_time as the file wrote them (microseconds, no zone), also through JSONL', async () => {
    const { text } = await roundTrip(await readExportFile(SAMPLE));
    const exported = JSON.parse(text) as EvaluationExport;
    expect([exported.start_time, exported.end_time]).toEqual(['2026-03-14T09:26:53.589793', '2026-03-14T09:26:58.399793']);
    // The file the export wrote imports and exports again the same way, in either format.
    const file = path.join(dir, `${kind}-again.json`);
    writeFileSync(file, text);
    const jsonl = await roundTrip(await readExportFile(file), 'jsonl');
    const run = JSON.parse(jsonl.text.split('\n')[0]!);
    expect([run.start_time, run.end_time]).toEqual(['2026-03-14T09:26:53.589793', '2026-03-14T09:26:58.399793']);
    // The kept text is the import's bookkeeping, not the run's configuration.
    expect(exported.llm_eval!.config).toBeUndefined();
  });

  it('keeps the stored times in milliseconds, naive ones read as UTC', async () => {
    const { runId } = await roundTrip(await readExportFile(SAMPLE));
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.requireRun(runId);
      expect([run.startedAt!.toISOString(), run.completedAt!.toISOString()]).toEqual(['2026-03-14T09:26:53.589Z', '2026-03-14T09:26:58.399Z']);
    } finally {
      await db.close();
    }
  });

  it('warns that a result with "success": false and no error is stored as failed without a message, naming the item and both success rates', async () => {
    const { runId, warnings } = await roundTrip(failedWithoutError());
    expect(warnings).toEqual([
      'item "item_2" is in "results" with "success": false and no error, so it is stored as a failed item without an error message; ' +
        'it counts as failed: the run\'s success rate is 0.6, where the export\'s "success_rate" says 0.8',
    ]);
    const db = await initializeDatabase({ url: database.url });
    try {
      expect(await db.runs.requireRun(runId)).toMatchObject({ successRate: 0.6, failedItems: 2 });
      const { items } = await db.runs.listItems(runId, { limit: 10 });
      expect(items[2]).toMatchObject({ itemId: 'item_2', status: 'failed', errorType: null, errorMessage: null, actualOutput: 'Sydney' });
    } finally {
      await db.close();
    }
  });

  it('exports such an item as it came in: in results with "success": false, not in errors with a made-up "Error: "', async () => {
    const { text } = await roundTrip(failedWithoutError());
    const exported = JSON.parse(text) as EvaluationExport;
    expect(exported.errors).toEqual({ item_3: 'TimeoutError: request timed out after 30s' });
    expect(exported.results.item_2).toMatchObject({ output: 'Sydney', success: false, time: 0.655, scores: { exact_match: 0, contains: false } });
    expect(Object.keys(exported.results)).toEqual(['item_0', 'item_1', 'item_2', 'item_4']);
    expect(exported.llm_eval!.failures).toEqual({ item_3: expect.anything() });

    // JSONL says the same, and what it wrote imports as the same failed item (with the same warning), not as "Error: ".
    const jsonl = path.join(dir, `${kind}-failed.jsonl`);
    writeFileSync(jsonl, (await roundTrip(failedWithoutError(), 'jsonl')).text);
    const line = readFileSync(jsonl, 'utf8').split('\n').map((l) => (l ? JSON.parse(l) : null)).find((l) => l?.id === 'item_2');
    expect(line).toMatchObject({ success: false, output: 'Sydney' });
    expect(line).not.toHaveProperty('error');
    const again = await roundTrip(await readExportFile(jsonl));
    expect(again.warnings).toEqual([expect.stringMatching(/^item "item_2" is in "results" with "success": false and no error/)]);
    expect((JSON.parse(again.text) as EvaluationExport).errors).toEqual({ item_3: 'TimeoutError: request timed out after 30s' });
  });

  // The file writes its scores and statistics as floats (`1.0`, `0.0`); JSON.stringify wrote 1 and 0, which Python's
  // json.load reads as ints: every whole-number score and statistic changed type on the way through.
  it.each(['json', 'jsonl'] as const)('gives back the file\'s whole-number floats as floats in %s, as Python reads them', async (format) => {
    const { text } = await roundTrip(await readExportFile(SAMPLE), format);
    const file = path.join(dir, `${kind}-floats.${format}`);
    writeFileSync(file, text);
    const check = [
      'import json, sys',
      'f = sys.argv[1]',
      'docs = [json.load(open(f))] if f.endswith(".json") else [json.loads(l) for l in open(f) if l.strip()]',
      'out = []',
      'def walk(x, p):',
      '    if isinstance(x, dict):',
      '        for k, v in x.items(): walk(v, p + "/" + k)',
      '    elif isinstance(x, list):',
      '        for i, v in enumerate(x): walk(v, p + "/" + str(i))',
      '    elif type(x) in (int, float): out.append(p + "=" + type(x).__name__ + ":" + repr(x))',
      'for d in docs: walk(d, "")',
      'print("\\n".join(out))',
    ].join('\n');
    const numbers = execFileSync('python3', ['-c', check, file], { encoding: 'utf8' }).trim().split('\n');
    const typed = (suffix: string) => numbers.filter((n) => n.includes(suffix));
    expect(typed('/exact_match=')).toEqual(expect.arrayContaining([expect.stringMatching(/=float:1\.0$/), expect.stringMatching(/=float:0\.0$/)]));
    expect(numbers.filter((n) => /\/(scores\/\w+|min|max|mean|std|success_rate|duration|time)=int:/.test(n))).toEqual([]);
    // Counts stay whole numbers.
    expect(typed('total_items=')).toEqual([expect.stringMatching(/=int:5$/)]);
  });
});

