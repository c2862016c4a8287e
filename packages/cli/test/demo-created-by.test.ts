import path from 'node:path';
import { userInfo } from 'node:os';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `llm-eval demo` stored its two runs without createdBy, so `runs list --created-by <me>` left them out while it
// listed an `evaluate` run of the same user. Each demo run now records who ran it as evaluate does: $USER, else the
// operating system account.
const examples = path.join(__dirname, '..', 'examples');
const offline = { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined };

describe('llm-eval demo records who created its runs', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (args: string[], env: Record<string, string | undefined>) => runCli([...args, '--database-url', database.url], { env: { ...offline, ...env } });
  const createdBy = async (id: string) => {
    const shown = await cli(['runs', 'show', id, '--json'], {});
    expect(shown.code).toBe(0);
    return (JSON.parse(shown.stdout) as { run: { createdBy: string | null } }).run.createdBy;
  };

  it('as $USER, like evaluate: runs list --created-by lists them, runs show --json names the user', async () => {
    const demo = await cli(['demo', '--offline', '--json'], { USER: 'ada' });
    expect(demo.code).toBe(0);
    const { runIds } = JSON.parse(demo.stdout) as { runIds: string[] };
    expect(runIds).toHaveLength(2);
    const evaluated = await cli(['evaluate', '--task', path.join(examples, 'task-v1.mjs'), '--dataset', path.join(examples, 'capitals.jsonl'), '--json'], { USER: 'ada' });
    expect(evaluated.code).toBe(0);
    const evaluateId = JSON.parse(evaluated.stdout).runId as string;

    const listed = await cli(['runs', 'list', '--created-by', 'ada', '--json'], {});
    expect(listed.code).toBe(0);
    const ids = (JSON.parse(listed.stdout).runs as Array<{ id: string }>).map((r) => r.id);
    expect(ids.sort()).toEqual([...runIds, evaluateId].sort());
    for (const id of runIds) expect(await createdBy(id)).toBe(await createdBy(evaluateId));
    expect(await createdBy(runIds[0]!)).toBe('ada');
  });

  it('as the operating system account when USER is not set, like evaluate', async () => {
    const demo = await cli(['demo', '--offline', '--json'], { USER: undefined, USERNAME: undefined });
    expect(demo.code).toBe(0);
    const { runIds } = JSON.parse(demo.stdout) as { runIds: string[] };
    for (const id of runIds) expect(await createdBy(id)).toBe(userInfo().username);
  });
});

// evaluate had --created-by, demo did not ("Unknown argument: created-by"): a demo run could only be recorded as the
// OS user. demo now takes it with evaluate's meaning and checks.
describe('llm-eval demo --created-by', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli([...args, '--database-url', database.url], { env: { ...offline, USER: 'ada', ...env } });
  const storedRuns = async () => {
    const listed = await cli(['runs', 'list', '--json']);
    expect(listed.code).toBe(0);
    return JSON.parse(listed.stdout).runs as Array<{ id: string; createdBy: string | null }>;
  };
  beforeAll(async () => {
    expect((await cli(['db', 'init'])).code).toBe(0);
  });

  it('is described in demo --help as in evaluate --help', async () => {
    const line = (help: string) => help.split('\n').find((l) => l.includes('--created-by'))?.replace(/\s+/g, ' ').trim();
    const demo = await runCli(['demo', '--help']);
    const evaluate = await runCli(['evaluate', '--help']);
    expect(line(demo.stdout)).toBeDefined();
    expect(line(demo.stdout)).toBe(line(evaluate.stdout));
  });

  it('records the name given instead of $USER on both runs: runs list --created-by lists them', async () => {
    const demo = await cli(['demo', '--offline', '--json', '--created-by', 'grace']);
    expect(demo.code).toBe(0);
    const { runIds } = JSON.parse(demo.stdout) as { runIds: string[] };
    expect(runIds).toHaveLength(2);
    const listed = await cli(['runs', 'list', '--created-by', 'grace', '--json']);
    expect((JSON.parse(listed.stdout).runs as Array<{ id: string }>).map((r) => r.id).sort()).toEqual([...runIds].sort());
    const byAda = await cli(['runs', 'list', '--created-by', 'ada', '--json']);
    expect(JSON.parse(byAda.stdout).runs).toEqual([]);
  });

  it.each([[''], ['   ']])('refuses %j as evaluate does: exit 2, the same message, nothing stored', async (createdBy) => {
    const before = (await storedRuns()).length;
    const demo = await cli(['demo', '--offline', '--created-by', createdBy]);
    expect(demo.code).toBe(2);
    expect(demo.stdout).toBe('');
    expect(demo.stderr).toBe('llm-eval: --created-by must name who ran it (e.g. --created-by ada); leave it out to record $USER.\n');
    expect((await storedRuns()).length).toBe(before);
  });

  it('refuses a name the database cannot store as evaluate does: exit 2 naming --created-by, nothing stored', async () => {
    const before = (await storedRuns()).length;
    const demo = await cli(['demo', '--offline', '--created-by', 'x'.repeat(300)]);
    expect(demo.code).toBe(2);
    expect(demo.stdout).toBe('');
    expect(demo.stderr).toContain('llm-eval: --created-by cannot be stored: Invalid run field "createdBy"');
    expect(demo.stderr).toContain('Nothing was evaluated; fix --created-by and run again.');
    expect(demo.stderr).not.toMatch(/\n\s+at /);
    expect((await storedRuns()).length).toBe(before);
  });
});
