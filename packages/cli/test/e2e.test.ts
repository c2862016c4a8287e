import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLEAR_OF_MIDNIGHT_TIMEOUT_MS, clearOfMidnight, DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

const BIN = path.join(__dirname, '..', 'dist', 'bin.js');
const run = promisify(execFile);

/** Runs the built `llm-eval` binary; resolves with exit code, stdout and stderr (never rejects). */
async function llmEval(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // In UTC, as clearOfMidnight guards: "today" is the CLI's own zone's day, whatever the machine's zone.
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...env }, maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(
  dataset,
  ['France:Paris', 'Japan:Tokyo', 'Peru:Lima', 'Chad:N’Djamena', 'Fiji:Suva', 'Laos:Vientiane']
    .map((pair, i) => JSON.stringify({ id: `q${i}`, input: pair.split(':')[0], expected: pair.split(':')[1] }))
    .join('\n'),
);
writeFileSync(path.join(dir, 'v1.mjs'), `export default (country) => ({ France: 'Paris', Japan: 'Kyoto', Peru: 'Lima' })[country] ?? 'unknown';`);
writeFileSync(
  path.join(dir, 'v2.ts'),
  `const capitals: Record<string, string> = { France: 'Paris', Japan: 'Tokyo', Peru: 'Lima', Chad: 'N’Djamena', Fiji: 'Suva' };\n` +
    `export function answer(country: string): string {\n  if (country === 'Laos') throw new Error('model refused');\n  return capitals[country] ?? 'unknown';\n}\n`,
);

describe.each(DATABASE_KINDS)('llm-eval end to end on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  const db = () => ['--database-url', database.url];
  // Runs stored now are searched for as "today" seconds later: no UTC midnight may fall between.
  beforeAll(() => clearOfMidnight(), CLEAR_OF_MIDNIGHT_TIMEOUT_MS);

  it('evaluates, lists, searches, compares, exports and deletes runs through the binary', async () => {
    const v1 = await llmEval(['evaluate', '--task', path.join(dir, 'v1.mjs'), '--dataset', dataset, '--metrics', 'exact_match,fuzzy_match', '--name', 'capitals v1', '--project', 'geo', '--tag', 'e2e', '--json', ...db()]);
    expect(v1.code).toBe(0);
    const r1 = JSON.parse(v1.stdout);
    expect(r1).toMatchObject({ runName: 'capitals v1', totalItems: 6, successRate: 1 });
    expect(r1.metricStats.exact_match.mean).toBeCloseTo(2 / 6, 12);

    const v2 = await llmEval(['evaluate', '--task', `${path.join(dir, 'v2.ts')}#answer`, '--dataset', dataset, '--metrics', 'exact_match,fuzzy_match', '--name', 'capitals v2', '--project', 'geo', ...db()]);
    expect(v2.code).toBe(0);
    expect(v2.stdout).toMatch(/capitals v2: 6 items · success 83\.3%/);
    const id2 = /Stored as run ([0-9a-f-]{36})/.exec(v2.stdout)![1]!;

    const list = await llmEval(['runs', 'list', '--project', 'geo', '--json', ...db()]);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout);
    expect(Object.keys(listed)).toEqual(['runs', 'total', 'nextCursor']);
    expect(listed.runs.map((r: { name: string }) => r.name)).toEqual(['capitals v2', 'capitals v1']);
    const table = await llmEval(['runs', 'list', ...db()]);
    expect(table.stdout).toMatch(/capitals v1/);
    expect(table.stdout).toMatch(/2 of 2 run\(s\)/);

    const search = await llmEval(['runs', 'search', 'runs', 'with', 'exact_match', 'above', '0.5', 'today', ...db()]);
    expect(search.code).toBe(0);
    expect(search.stdout).toMatch(/Understood: .*exact_match/);
    expect(search.stdout).toMatch(/capitals v2/);
    expect(search.stdout).not.toMatch(/capitals v1/);

    const compare = await llmEval(['runs', 'compare', 'latest~1', 'latest', '--json', ...db()]);
    expect(compare.code).toBe(0);
    const cmp = JSON.parse(compare.stdout);
    expect(cmp.runB.id).toBe(id2);
    expect(cmp.metrics.find((m: { metric: string }) => m.metric === 'exact_match')).toMatchObject({ pairs: 5, meanA: 2 / 5, meanB: 1, test: 'mcnemar-exact' });
    const gate = await llmEval(['runs', 'compare', 'latest', 'latest~1', '--fail-on-regression', ...db()]);
    expect(gate.stdout + gate.stderr).toMatch(/regress/i);

    const out = path.join(dir, `export-${kind}.json`);
    const exported = await llmEval(['runs', 'export', id2.slice(0, 8), '--format', 'json', '-o', out, ...db()]);
    expect(exported.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json).toMatchObject({ run_name: 'capitals v2', total_items: 6, errors: { q5: 'Error: model refused' } });

    const show = await llmEval(['runs', 'show', 'latest', ...db()]);
    expect(show.stdout).toMatch(/Failed items \(1\)/);

    const deleted = await llmEval(['runs', 'delete', id2, '--yes', ...db()]);
    expect(deleted.code).toBe(0);
    const after = JSON.parse((await llmEval(['runs', 'list', '--json', ...db()])).stdout);
    expect(after.total).toBe(1);
  });

  it('reports errors in one line with the right exit code', async () => {
    const unknown = await llmEval(['runs', 'show', 'ffffffff', ...db()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^llm-eval: No run (id starts with|has the id, id prefix or name) "ffffffff"/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    const badFlag = await llmEval(['runs', 'list', '--limitt', '3', ...db()]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown option --limitt; did you mean --limit\?/);
    const badDataset = path.join(dir, 'bad.jsonl');
    writeFileSync(badDataset, '{"input": 1}\n{oops}\n');
    const malformed = await llmEval(['evaluate', '--task', path.join(dir, 'v1.mjs'), '--dataset', badDataset, ...db()]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain(`${badDataset}:2: malformed JSON`);
  });
});

describe('llm-eval without a database', () => {
  it('answers --help, suggests the closest command, and reports an unreachable database without the password', async () => {
    const help = await llmEval(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/evaluate/);
    const typo = await llmEval(['rnus']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean runs\?/);
    const down = await llmEval(['runs', 'list', '--database-url', 'postgresql://eval:hunter2@127.0.0.1:1/x?connect_timeout=2']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/Could not open the database postgresql:\/\/eval:\*\*\*@127\.0\.0\.1:1/);
    expect(down.stderr).not.toContain('hunter2');
    const health = await llmEval(['db', 'health', '--json', '--database-url', 'postgresql://eval:hunter2@127.0.0.1:1/x?connect_timeout=2']);
    expect(health.code).toBe(1);
    expect(JSON.parse(health.stdout)).toMatchObject({ ok: false, reachable: false });
  });
});

describe('llm-eval demo and completion', () => {
  it('runs the demo against an OpenAI-compatible server when OPENAI_BASE_URL is set', async () => {
    const prompts: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const request = JSON.parse(body);
        const prompt: string = request.messages.at(-1).content;
        prompts.push(prompt);
        const country = /capital of (.+?)\?/.exec(prompt)?.[1] ?? '';
        const content = prompt.includes('city name only') ? (country === 'France' ? 'Paris' : 'Somewhere') : `The capital of ${country} is somewhere.`;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', model: request.model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const url = `sqlite:///${path.join(dir, 'demo-model.db')}`;
      const demo = await llmEval(['demo', '--json', '--database-url', url], { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'local-model' });
      expect(demo.code).toBe(0);
      const out = JSON.parse(demo.stdout);
      expect(out.runs.map((r: { name: string; modelName: string; totalTokens: number }) => [r.name, r.modelName, r.totalTokens])).toEqual([
        ['demo-improved', 'local-model', 24 * 13],
        ['demo-baseline', 'local-model', 24 * 13],
      ]);
      expect(prompts).toHaveLength(48);
      expect(out.comparison.metrics.find((m: { metric: string }) => m.metric === 'exact_match').meanB).toBeCloseTo(1 / 24, 12);
    } finally {
      server.close();
    }
  });

  it('prints a shell completion script', async () => {
    const completion = await llmEval(['completion']);
    expect(completion.code).toBe(0);
    expect(completion.stdout).toMatch(/llm-eval/);
    expect(completion.stdout).toMatch(/complete/);
  });
});
