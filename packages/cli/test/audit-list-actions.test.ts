import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `audit list --help` names the actions --action takes. Its list is written out (the command's help loads no storage
// code, to stay instant); it must be exactly the actions the audit log records, which storage names when it refuses
// an unknown one.

/** The actions after "Only this action:" in the help, which yargs may wrap over lines. */
function helpActions(help: string): string[] {
  const text = help.replace(/\s+/g, ' ');
  const match = /Only this action: (.*?) \[string\]/.exec(text);
  if (!match) throw new Error(`no --action list in:\n${help}`);
  return match[1]!.split(/,\s*/);
}

describe.each(DATABASE_KINDS)('audit list --action on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
  });
  afterAll(() => db?.close());

  const cli = (...args: string[]) => runCli([...args, '--database-url', database.url], { env: { USER: 'ada' } });

  it('the help names exactly the actions the audit log records, run.updated among them', async () => {
    const help = await cli('audit', 'list', '--help');
    expect(help.code).toBe(0);
    const refused = await cli('audit', 'list', '--action', 'run.exploded');
    expect(refused.code).toBe(2);
    const recorded = /must be one of: ([a-z., ]+?)\.(?: |$)/.exec(refused.stderr.replace(/\s+/g, ' '));
    expect(recorded).not.toBeNull();
    const actions = recorded![1]!.split(/,\s*/);
    expect(actions).toContain('run.updated');
    expect(helpActions(help.stdout)).toEqual(actions);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/runs created, imported, updated, deleted, pruned and cancelled/);
  });

  it('--action run.updated lists the run.updated entries', async () => {
    const run = await db.runs.createRun({ name: 'renamed-later' });
    await db.runs.updateRun(run.id, { name: 'renamed' }, { actor: 'cli:ada' });
    const listed = await cli('audit', 'list', '--action', 'run.updated', '--json');
    expect(listed.code).toBe(0);
    const { entries } = JSON.parse(listed.stdout) as { entries: Array<{ action: string; targetId: string; details: unknown }> };
    expect(entries.map((e) => [e.action, e.targetId])).toEqual([['run.updated', run.id]]);
    expect(entries[0]!.details).toEqual({ name: 'renamed', changes: { name: { from: 'renamed-later', to: 'renamed' } } });
  });
});
