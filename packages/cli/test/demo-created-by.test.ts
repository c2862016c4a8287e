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
