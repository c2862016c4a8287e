import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `db migrate data.jsonl` with a dataset said `data.jsonl:1: unknown line type "undefined"`. It now says the file looks
// like a dataset and what db migrate imports, names the line once (not the file twice), and imports nothing.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-migrate-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const jsonl = path.join(dir, 'data.jsonl');
writeFileSync(jsonl, '{"input":"2+2","expected":"4"}\n{"input":"3+3","expected":"6"}\n');
const json = path.join(dir, 'data.json');
writeFileSync(json, '[{"input":"2+2","expected":"4"}]');
const IMPORTABLE = 'only runs exported with llm-eval runs export (or result.save()) and Python LLM-Eval results can be imported';

describe.each(DATABASE_KINDS)('db migrate given a dataset, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('says it looks like a dataset and what can be imported; exit 1, nothing stored', async () => {
    const r = await runCli(['db', 'migrate', jsonl, json, '--database-url', database.url], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `failed ${jsonl}: line 1: this looks like a dataset, not an llm-eval export (no "type" field; an export's lines are "run" and "item" lines); ${IMPORTABLE}\n`,
    );
    expect(r.stderr).toContain(`failed ${json}: this looks like a dataset (a list of items), not an LLM-Eval export (which has a "results" object); ${IMPORTABLE}\n`);
    expect(r.stderr).not.toContain('undefined');
    const db = await initializeDatabase({ url: database.url });
    try {
      expect((await db.runs.listRuns()).total).toBe(0);
    } finally {
      await db.close();
    }
  });
});
