import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

const NOW = new Date('2026-11-27T15:00:00Z');

interface Spec {
  name: string;
  project: string;
  createdBy: string;
  model?: string;
  tags?: string[];
  status?: 'completed' | 'failed';
}

// "demo project", "runs in demo-project", "summarize" and "user@example.com" matched nothing: a plain word was read as
// a stored model or tag, but never as a stored project or creator, and "X project" needed the project's exact id.
const SPECS: Spec[] = [
  { name: 'd1', project: 'demo-project', createdBy: 'user@example.com' },
  { name: 'd2', project: 'demo-project', createdBy: 'user@example.com', status: 'failed' },
  { name: 's1', project: 'summarize', createdBy: 'user@example.com', status: 'failed' },
  { name: 's2', project: 'summarize', createdBy: 'ana' },
  // A project that is also a tag, and one that is also a model.
  { name: 'n1', project: 'nightly', createdBy: 'bo', tags: ['weekly'] },
  { name: 'w1', project: 'other', createdBy: 'bo', tags: ['nightly'] },
  { name: 'a1', project: 'acme-bot', createdBy: 'bo' },
  { name: 'a2', project: 'other', createdBy: 'bo', model: 'acme-bot' },
];

describe.each(DATABASE_KINDS)('plain words for stored projects and creators on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const [i, s] of SPECS.entries()) {
      await db.runs.importRun(
        {
          name: s.name,
          projectId: s.project,
          createdBy: s.createdBy,
          modelName: s.model ?? 'gpt-4o',
          tags: s.tags ?? [],
          status: s.status ?? 'completed',
          createdAt: new Date(NOW.getTime() - (i + 1) * 3_600_000),
        },
        [],
      );
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const search = async (query: string, projectIds?: string[]) => {
    const result = await engine.searchRuns({ query, now: NOW, limit: 1000, ...(projectIds ? { projectIds } : {}) });
    return { names: result.runs.map((r) => r.name).sort(), total: result.total, explanation: result.explanation, warnings: result.warnings };
  };

  it.each([
    // Case, spaces, dashes, underscores and dots alike, as model names are compared.
    ['demo project', ['d1', 'd2'], 'project is demo-project'],
    ['demo-project', ['d1', 'd2'], 'project is demo-project'],
    ['Demo_Project', ['d1', 'd2'], 'project is demo-project'],
    ['DEMO.PROJECT runs', ['d1', 'd2'], 'project is demo-project'],
    ['runs in demo-project', ['d1', 'd2'], 'project is demo-project'],
    ['runs in demo project', ['d1', 'd2'], 'project is demo-project'],
    ['project Demo_Project', ['d1', 'd2'], 'project is demo-project'],
    ['in project demo project', ['d1', 'd2'], 'project is demo-project'],
    ['Demo_Project project', ['d1', 'd2'], 'project is demo-project'],
    ['summarize', ['s1', 's2'], 'project is summarize'],
    ['Summarize runs', ['s1', 's2'], 'project is summarize'],
    ['failed runs in summarize', ['s1'], 'status is failed AND project is summarize'],
    ['not summarize', ['a1', 'a2', 'd1', 'd2', 'n1', 'w1'], 'project is not summarize'],
    // A stored creator, e-mail or not, as a plain word.
    ['user@example.com', ['d1', 'd2', 's1'], 'created by user@example.com'],
    ['User@Example.com failed', ['d2', 's1'], 'created by user@example.com AND status is failed'],
    ['ana', ['s2'], 'created by ana'],
    ['demo project by user@example.com', ['d1', 'd2'], 'project is demo-project AND created by user@example.com'],
  ])('%s → %j (%s)', async (query, expected, explanation) => {
    const result = await search(query);
    expect(result.names).toEqual(expected);
    expect(result.total).toBe(expected.length);
    expect(result.explanation).toBe(explanation);
    expect(result.warnings).toEqual([]);
  });

  it('reads a word naming no stored project or creator as before', async () => {
    expect(await search('project demo')).toMatchObject({ names: [], explanation: 'project is demo' });
    expect(await search('nobody@example.com')).toMatchObject({ names: [], explanation: 'text contains "nobody@example.com"' });
    expect(await search('demo')).toMatchObject({ names: [], explanation: 'text contains "demo"' });
  });

  it('reads a word that is also a model or a tag as the model, then the tag, and says what else it names', async () => {
    const tag = await search('nightly');
    expect(tag).toMatchObject({ names: ['w1'], explanation: 'tag is nightly' });
    expect(tag.warnings).toEqual(['"nightly" is also a stored project; read as the tag (write "project nightly" for the project)']);
    const model = await search('acme-bot');
    expect(model).toMatchObject({ names: ['a2'], explanation: 'model is acme-bot' });
    expect(model.warnings).toEqual(['"acme-bot" is also a stored project; read as the model (write "project acme-bot" for the project)']);
    // A field word or "in" says which is meant.
    expect(await search('project nightly')).toMatchObject({ names: ['n1'], explanation: 'project is nightly', warnings: [] });
    expect(await search('nightly project')).toMatchObject({ names: ['n1'], explanation: 'project is nightly', warnings: [] });
    expect(await search('runs in nightly')).toMatchObject({ names: ['n1'], explanation: 'project is nightly', warnings: [] });
    expect(await search('tag nightly')).toMatchObject({ names: ['w1'], explanation: 'tag is nightly', warnings: [] });
  });

  it("reads words against the caller's projects only", async () => {
    const scoped = await search('demo-project', ['summarize']);
    expect(scoped).toMatchObject({ names: [], explanation: 'text contains "demo-project"' });
    expect(await search('summarize', ['summarize'])).toMatchObject({ names: ['s1', 's2'], explanation: 'project is summarize' });
    expect(await search('user@example.com', ['summarize'])).toMatchObject({ names: ['s1'], explanation: 'created by user@example.com' });
    expect(await search('ana', ['demo-project'])).toMatchObject({ names: [], explanation: 'text contains "ana"' });
  });
});
