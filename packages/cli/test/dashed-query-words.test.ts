import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// The query language's negation `-tag:wip` could not start a query: yargs read it as the short options -t -a -g, and
// `runs search -- -tag:wip` said "runs search needs <query..>" although a query was typed. Words after `--` are now
// query words, and a dashed word before it gets a hint saying so.
describe('query words that start with a dash', () => {
  const database = useEmptyDatabase('sqlite');
  let wipId = '';
  let keptId = '';
  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      wipId = (await db.runs.createRun({ name: 'draft', status: 'completed', tags: ['wip'] })).id;
      keptId = (await db.runs.createRun({ name: 'release', status: 'completed', tags: ['final'] })).id;
      await db.runs.addItems(wipId, [{ itemId: 'a', status: 'failed' }]);
      await db.runs.addItems(keptId, [{ itemId: 'a', status: 'completed' }, { itemId: 'b', status: 'failed' }]);
    } finally {
      await db.close();
    }
  });

  it('runs search takes the words after -- as the query, with the words before it', async () => {
    const r = await runCli(['runs', 'search', '--json', '--database-url', database.url, '--', '-tag:wip']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).runs.map((run: { id: string }) => run.id)).toEqual([keptId]);
    const mixed = await runCli(['runs', 'search', 'release', '--json', '--database-url', database.url, '--', '-tag:wip']);
    expect(JSON.parse(mixed.stdout)).toMatchObject({ explanation: 'text contains "release" AND tag is not wip', total: 1 });
  });

  it('runs items takes the words after -- as the item query', async () => {
    const r = await runCli(['runs', 'items', keptId, '--json', '--database-url', database.url, '--', '-status:failed']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).items.map((item: { itemId: string }) => item.itemId)).toEqual(['a']);
  });

  it('a dashed query word before -- is a usage error saying to put it after --; no query at all says to give one', async () => {
    const r = await runCli(['runs', 'search', '-tag:wip', '--database-url', database.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('llm-eval: "-tag:wip" reads as options; a query word that starts with "-" goes after --: llm-eval runs search -- -tag:wip');
    const items = await runCli(['runs', 'items', keptId, '-status:failed', '--database-url', database.url]);
    expect(items.code).toBe(2);
    expect(items.stderr).toContain('goes after --: llm-eval runs items <run> -- -status:failed');
    const none = await runCli(['runs', 'search', '--database-url', database.url]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Give a query, e.g. llm-eval runs search failed runs last week');
  });
});
