import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// The audit log records every run created (README, "Access control"): the two runs `llm-eval demo` stores are
// created by the CLI as surely as an `evaluate` run is, so each gets its run.created entry as cli:<os user>.
describe.each(DATABASE_KINDS)('llm-eval demo on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('audits each run it creates as run.created by cli:<os user>', async () => {
    const demo = await runCli(['demo', '--offline', '--json', '--database-url', database.url], {
      env: { USER: 'ada', OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined },
    });
    expect(demo.code).toBe(0);
    const { runIds } = JSON.parse(demo.stdout) as { runIds: string[] };
    expect(runIds).toHaveLength(2);

    const audit = await runCli(['audit', 'list', '--action', 'run.created', '--json', '--database-url', database.url]);
    expect(audit.code).toBe(0);
    const entries = JSON.parse(audit.stdout).entries as Array<{ actor: string; action: string; targetId: string; outcome: string }>;
    expect(entries.map((e) => e.targetId).sort()).toEqual([...runIds].sort());
    for (const entry of entries) expect(entry).toMatchObject({ actor: 'cli:ada', action: 'run.created', outcome: 'success' });
  });
});
