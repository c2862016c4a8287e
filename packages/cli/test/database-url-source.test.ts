import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// Every command that opens a database names the flag the user typed when --database-url does not parse (never
// "the url option", a library's word), keeps the password out, and exits 2 (a usage error; db health reports it).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-url-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const task = file('task.mjs', 'export default (x) => x;\n');
const dataset = file('qa.jsonl', '{"id":"a","input":"x","expected":"x"}\n');
const exported = file('export.json', '{"results":{}}');
const BAD_URL = 'postgresql://eval:SECRETPW@db.example:port/evals';

const COMMANDS: string[][] = [
  ['db', 'init'],
  ['db', 'health'],
  ['db', 'migrate', exported],
  ['evaluate', '--task', task, '--dataset', dataset],
  ['demo', '--offline'],
  ['runs', 'list'],
  ['runs', 'show', 'latest'],
  ['runs', 'items', 'latest'],
  ['runs', 'search', 'failed'],
  ['runs', 'compare', 'latest~1', 'latest'],
  ['runs', 'trend', 'exact_match'],
  ['runs', 'export', 'latest'],
  ['runs', 'delete', 'latest', '--yes'],
  ['runs', 'prune', '--older-than', '1d', '--yes'],
  ['runs', 'prune', '--apply-policies', '--yes'],
  ['runs', 'recover'],
  ['runs', 'cancel', 'latest'],
  ['runs', 'cancel', 'latest', '--queue', 'redis://127.0.0.1:6379'],
  ['evaluate', '--queue', 'redis://127.0.0.1:6379', '--task', task, '--dataset', dataset],
  ['worker', '--queue', 'redis://127.0.0.1:6379'],
  ['projects', 'list'],
  ['projects', 'show', 'demo'],
  ['projects', 'set-retention', 'demo', '30d'],
  ['projects', 'clear-retention', 'demo'],
  ['projects', 'retention'],
  ['tokens', 'create', '--name', 'ci', '--project', 'demo', '--role', 'viewer'],
  ['tokens', 'list'],
  ['tokens', 'revoke', 'lle_abcdefgh'],
  ['audit', 'list'],
  ['audit', 'prune', '--before', '1d', '--yes'],
  ['serve', '--port', '0'],
];

/** The commands with subcommands. */
const GROUPS = ['db', 'runs', 'projects', 'tokens', 'audit'];

/** The command paths `--help` lists (`llm-eval runs show <run>` → "runs show"). */
async function listedCommands(): Promise<string[]> {
  const names: string[] = [];
  for (const group of [[], ...GROUPS.map((g) => [g])]) {
    const help = await runCli([...group, '--help']);
    for (const match of help.stdout.matchAll(/^ {2}llm-eval ((?:[a-z][a-z-]* ?)+?)(?: [<[]|\s{2,}|$)/gm)) {
      const name = match[1]!.trim();
      // `queue status` talks to Redis only: it opens no database.
      if (![...GROUPS, 'completion', 'queue'].includes(name)) names.push(name);
    }
  }
  return names.sort();
}

describe('a malformed --database-url', () => {
  it('the table below covers every command --help lists', async () => {
    const covered = COMMANDS.map((args) => args.filter((a) => /^[a-z][a-z-]*$/.test(a)).slice(0, GROUPS.includes(args[0]!) ? 2 : 1).join(' '));
    expect([...new Set(covered)].sort()).toEqual(await listedCommands());
  });

  it.each(COMMANDS.map((args) => [args.filter((a) => !a.startsWith('/')).slice(0, 3).join(' '), args] as const))('%s names --database-url', async (_label, args) => {
    const r = await runCli([...args, '--database-url', BAD_URL], { cwd: dir, env: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined } });
    const output = r.stdout + r.stderr;
    expect(output).toContain('Invalid database URL');
    expect(output).toContain('(from --database-url)');
    expect(output).not.toContain('the url option');
    expect(output).not.toContain('SECRETPW');
    expect(r.code).toBe(args[1] === 'health' ? 1 : 2);
  });
});
