import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs export` → `db migrate` through the built binary: lossless round trip, duplicate imports, CSV formula
// escaping, item_order checked against the data, and parse errors that do not quote the file.
// csv-parse is the evaluator's dependency (it reads CSV datasets), not the CLI's: load it from there.
const { parse } = require(require.resolve('csv-parse/sync', { paths: [path.join(__dirname, '..', '..', 'evaluator')] })) as {
  parse(text: string, options: { columns: true }): Array<Record<string, string>>;
};
const SECRET = 'sk-live-0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a';

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-export-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built binary (cli-process.ts) in the test's folder. */
const llmEval = (args: string[]) => runCli(args, { cwd: dir });

const ANSWERS: Record<string, string> = { paris: 'Paris', formula: '=1+2', at: '@SUM(A1)', plus: '+cmd|calc', minus: '-0.5', tab: '\tx' };
writeFileSync(
  path.join(dir, 'task.mjs'),
  `const ANSWERS = ${JSON.stringify(ANSWERS)};\nexport default async function task(input) {\n  if (input.q === 'fail') throw new TypeError('no answer');\n  return ANSWERS[input.q];\n}\n`,
);
writeFileSync(
  path.join(dir, 'data.jsonl'),
  [...Object.keys(ANSWERS), 'fail'].map((q) => JSON.stringify({ id: `q-${q}`, input: { q }, expected: q === 'paris' ? 'Paris' : '=SUM(B1)', metadata: { kind: q } })).join('\n') + '\n',
);

/** The export without what differs between two databases by design: the run id. */
function withoutRunId(text: string): unknown {
  const doc = JSON.parse(text);
  delete doc.llm_eval.run_id;
  return doc;
}

describe.each(DATABASE_KINDS)('runs export and db migrate on %s', (kind) => {
  const source = useEmptyDatabase(kind);
  const target = useEmptyDatabase(kind);
  const file = (name: string) => path.join(dir, `${kind}-${name}`);
  let runId = '';

  beforeAll(async () => {
    const run = await llmEval([
      'evaluate', '--task', './task.mjs', '--dataset', './data.jsonl', '--metrics', 'exact_match,token_f1',
      '--name', 'round trip', '--project', 'proj-e', '--tag', 'nightly', '--tag', 'e', '--created-by', 'ana', '--model', 'echo-1',
      '--database-url', source.url, '--json',
    ]);
    expect(run.code).toBe(0);
    runId = JSON.parse(run.stdout).runId ?? JSON.parse(run.stdout).run?.id;
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('round-trips evaluate → export → migrate into a fresh database → export: the same document but for the run id', async () => {
    expect((await llmEval(['runs', 'export', runId, '-o', file('first.json'), '--database-url', source.url])).code).toBe(0);
    const first = readFileSync(file('first.json'), 'utf8');
    expect(JSON.parse(first).llm_eval).toMatchObject({ project_id: 'proj-e', tags: ['nightly', 'e'], created_by: 'ana', model_name: 'echo-1' });
    const imported = await llmEval(['db', 'migrate', file('first.json'), '--database-url', target.url, '--json']);
    expect(imported.code).toBe(0);
    const newId = JSON.parse(imported.stdout).imported[0].runId as string;
    expect((await llmEval(['runs', 'export', newId, '-o', file('second.json'), '--database-url', target.url])).code).toBe(0);
    const second = readFileSync(file('second.json'), 'utf8');
    expect(JSON.parse(second).llm_eval.run_id).toBe(newId);
    expect(withoutRunId(second)).toEqual(withoutRunId(first));
    // JSONL carries the same document: exported as JSONL, imported (a copy, so asked for) and exported as JSON.
    expect((await llmEval(['runs', 'export', runId, '-o', file('first.jsonl'), '--database-url', source.url])).code).toBe(0);
    const fromJsonl = await llmEval(['db', 'migrate', file('first.jsonl'), '--allow-duplicate', '--database-url', target.url, '--json']);
    const jsonlId = JSON.parse(fromJsonl.stdout).imported[0].runId as string;
    const third = await llmEval(['runs', 'export', jsonlId, '--database-url', target.url]);
    expect(withoutRunId(third.stdout)).toEqual(withoutRunId(first));
    const db = await initializeDatabase({ url: target.url });
    try {
      expect(await db.runs.requireRun(newId)).toMatchObject({ projectId: 'proj-e', tags: ['nightly', 'e'], createdBy: 'ana', modelName: 'echo-1' });
    } finally {
      await db.close();
    }
  });

  it('refuses to import the same run twice (exit 1, says --allow-duplicate), JSONL included, and imports it again when asked', async () => {
    expect((await llmEval(['runs', 'export', runId, '-o', file('dup.json'), '--database-url', source.url])).code).toBe(0);
    expect((await llmEval(['runs', 'export', runId, '-o', file('dup.jsonl'), '--database-url', source.url])).code).toBe(0);
    // Into the database the run came from, and the same file (or its JSONL twin) into another database twice.
    for (const [name, url] of [['dup.json', source.url], ['dup.json', target.url], ['dup.jsonl', target.url]] as const) {
      const again = await llmEval(['db', 'migrate', file(name), '--database-url', url]);
      expect([name, again.code]).toEqual([name, 1]);
      expect(again.stderr).toMatch(/already in the database as run [0-9a-f]{8} \("round trip"\); nothing was imported\. To import it again as another run, add --allow-duplicate\./);
    }
    const allowed = await llmEval(['db', 'migrate', file('dup.json'), '--allow-duplicate', '--tags', 'copy', '--project-id', 'other', '--created-by', 'bo', '--database-url', target.url, '--json']);
    expect(allowed.code).toBe(0);
    const copyId = JSON.parse(allowed.stdout).imported[0].runId as string;
    const db = await initializeDatabase({ url: target.url });
    try {
      // Explicit flags win over what the export names.
      expect(await db.runs.requireRun(copyId)).toMatchObject({ projectId: 'other', tags: ['copy'], createdBy: 'bo', modelName: 'echo-1' });
    } finally {
      await db.close();
    }
  });

  it('escapes formula-like text in runs export --format csv and keeps numbers numbers', async () => {
    const csv = await llmEval(['runs', 'export', runId, '--format', 'csv', '--database-url', source.url]);
    expect(csv.code).toBe(0);
    const rows: Array<Record<string, string>> = parse(csv.stdout, { columns: true });
    const output = Object.fromEntries(rows.map((r) => [r.id!, r.output!]));
    expect(output).toMatchObject({ 'q-paris': 'Paris', 'q-formula': "'=1+2", 'q-at': "'@SUM(A1)", 'q-plus': "'+cmd|calc", 'q-tab': "'\tx", 'q-minus': '-0.5' });
    expect(rows.find((r) => r.id === 'q-paris')!.expected).toBe('Paris');
    expect(rows.find((r) => r.id === 'q-at')!.expected).toBe("'=SUM(B1)");
    expect(Number(rows.find((r) => r.id === 'q-paris')!.response_time)).toBeGreaterThan(0);
  });

  it('rejects an edited item_order that drops or invents items, naming the file and the item, and stores nothing', async () => {
    const doc = JSON.parse(readFileSync(file('first.json'), 'utf8'));
    delete doc.llm_eval.run_id;
    writeFileSync(file('dropped.json'), JSON.stringify({ ...doc, llm_eval: { ...doc.llm_eval, item_order: doc.llm_eval.item_order.slice(1) } }));
    writeFileSync(file('invented.json'), JSON.stringify({ ...doc, llm_eval: { ...doc.llm_eval, item_order: [...doc.llm_eval.item_order, 'q-ghost'] } }));
    const db = await initializeDatabase({ url: target.url });
    try {
      const before = (await db.runs.listRuns({ limit: 1 })).total;
      const dropped = await llmEval(['db', 'migrate', file('dropped.json'), '--database-url', target.url]);
      expect(dropped.code).toBe(1);
      expect(dropped.stderr).toContain(`failed ${file('dropped.json')}: llm_eval.item_order leaves out item "q-paris", which is in "results"`);
      const invented = await llmEval(['db', 'migrate', file('invented.json'), '--database-url', target.url]);
      expect(invented.code).toBe(1);
      expect(invented.stderr).toContain(`failed ${file('invented.json')}: llm_eval.item_order lists item "q-ghost", which is in neither "results" nor "errors"`);
      expect((await db.runs.listRuns({ limit: 1 })).total).toBe(before);
    } finally {
      await db.close();
    }
  });

  it('never quotes a malformed file beyond a short escaped excerpt around the error', async () => {
    const padding = Array.from({ length: 50 }, (_, i) => `  "note_${i}": "${'lorem ipsum '.repeat(4)}",`).join('\n');
    writeFileSync(file('broken.json'), `{\n  "api_key": "${SECRET}",\n${padding}\n  "results": {"a": \u0001 }\n}\n`);
    for (const extra of [[], ['--json'], ['--verbose']]) {
      const broken = await llmEval(['db', 'migrate', file('broken.json'), '--database-url', target.url, ...extra]);
      expect(broken.code).toBe(1);
      const shown = broken.stdout + broken.stderr;
      const message = extra[0] === '--json' ? JSON.parse(broken.stdout).failed[0].error : shown;
      expect(message).toMatch(/malformed JSON at line 53, column \d+: unexpected character, near "….*\\u0001/);
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain('sk-live');
      expect(shown).not.toContain('\u0001');
    }
  });
});
