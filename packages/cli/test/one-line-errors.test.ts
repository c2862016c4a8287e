import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { runCli } from './cli-process';

// An error is one line (`llm-eval: …`), but a stored name it quotes kept its line feeds: a run named "evil\nline" made
// the error of `runs delete <run> --yes` two lines, the second looking like output of its own (ESC was already shown
// as ␛). Line feeds in quoted stored text are now shown as ␊ on every error line.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-one-line-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const cli = (...args: string[]) => runCli([...args, '--database-url', url], { cwd: dir });
const ids: Record<string, string> = {};
let db: Database;

beforeAll(async () => {
  db = await initializeDatabase({ url });
  ids.live = (
    await db.runs.createRun({ name: 'evil\nline', projectId: 'names', status: 'running', metricsUsed: [], writerHost: 'else\nwhere', writerPid: 4242, heartbeatAt: new Date() })
  ).id;
  for (const twin of ['a', 'b']) ids[twin] = (await db.runs.importRun({ name: 'twin\nname', projectId: 'names', status: 'completed', metricsUsed: [] }, [{ itemId: 'q' }])).id;
});
afterAll(() => db?.close());

/** stderr as its lines, without the final line break's empty one. */
const lines = (stderr: string) => stderr.replace(/\n$/, '').split('\n');

describe('an error quoting a stored name with a line feed', () => {
  it('runs delete of a live run: one line, the line feed shown as ␊', async () => {
    const r = await cli('runs', 'delete', ids.live!, '--yes');
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^llm-eval: refusing to delete run still running: [0-9a-f]{8} \("evil␊line": process 4242 on else␊where is writing it\)/)]);
    expect((await db.runs.getRun(ids.live!))?.status).toBe('running');
  });

  it('a run reference several runs match: one line listing them', async () => {
    const r = await cli('runs', 'show', 'twin\nname');
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('twin␊name');
  });

  it('db migrate of a file already imported: one line naming the run', async () => {
    const file = path.join(dir, 'twin.json');
    expect((await cli('runs', 'export', ids.a!, '-o', file)).code).toBe(0);
    const r = await cli('db', 'migrate', file);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([`failed ${file}: already in the database as run ${ids.a!.slice(0, 8)} ("twin␊name"); nothing was imported. To import it again as another run, add --allow-duplicate.`]);
    // --json keeps the name as stored.
    const json = await cli('db', 'migrate', file, '--json');
    expect(JSON.parse(json.stdout).failed[0].error).toContain('("twin\nname")');
  });
});
