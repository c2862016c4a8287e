import { initializeDatabase, type Database, type RunRecord } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

const NOW = new Date('2026-11-27T15:00:00Z');

interface Spec {
  name: string;
  model: string;
  status?: 'completed' | 'failed' | 'running' | 'cancelled';
  dataset?: string;
  tags?: string[];
  createdBy?: string;
  durationSeconds?: number;
}

const SPECS: Spec[] = [
  { name: 'm1', model: 'mistral-7b', dataset: 'qa-capitals', createdBy: 'alice', status: 'failed', durationSeconds: 30 },
  { name: 'm2', model: 'mistral-7b-instruct', dataset: 'gsm8k', createdBy: 'bob', tags: ['nightly'], durationSeconds: 90 },
  { name: 'c1', model: 'claude-3-5-sonnet', dataset: 'qa-capitals', createdBy: 'alice', tags: ['nightly'], durationSeconds: 20 },
  { name: 'c2', model: 'Claude-3-Opus', dataset: 'gsm8k', createdBy: 'alice', status: 'failed', durationSeconds: 200 },
  { name: 'g1', model: 'gpt-4o', dataset: 'qa-capitals', createdBy: 'bob', status: 'failed', durationSeconds: 10 },
  { name: 'g2', model: 'gpt-4o-mini', dataset: 'gsm8k', createdBy: 'alice', durationSeconds: 15 },
  { name: 'x1', model: 'my%_model-1', createdBy: 'bob', durationSeconds: 40 },
  { name: 'x2', model: 'myXXmodel-1', createdBy: 'bob', durationSeconds: 40 },
  // Running: the stored duration (0 here, or a stale value) says nothing about how long the run will take.
  { name: 'r1', model: 'gpt-4o', status: 'running', createdBy: 'alice', durationSeconds: 0 },
  { name: 'r2', model: 'claude-3-5-sonnet', status: 'running', createdBy: 'bob', durationSeconds: 5 },
  { name: 'notes about mistral tuning', model: 'phi-3', createdBy: 'carol', durationSeconds: 100 },
];

describe.each(DATABASE_KINDS)('plain words for stored models, tags, datasets and people on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  const byName = new Map<string, RunRecord>();

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const [i, s] of SPECS.entries()) {
      const run = await db.runs.importRun(
        {
          name: s.name,
          modelName: s.model,
          status: s.status ?? 'completed',
          datasetName: s.dataset ?? null,
          tags: s.tags ?? [],
          createdBy: s.createdBy ?? null,
          durationSeconds: s.durationSeconds ?? 0,
          createdAt: new Date(NOW.getTime() - (i + 1) * 3_600_000),
        },
        [],
      );
      byName.set(s.name, run);
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const names = async (query: string) => {
    const result = await engine.searchRuns({ query, now: NOW, limit: 1000 });
    return { names: result.runs.map((r) => r.name).sort(), explanation: result.explanation, warnings: result.warnings };
  };

  it.each([
    ['mistral', ['m1', 'm2'], 'model is mistral-* (model family)'],
    ['claude runs', ['c1', 'c2', 'r2'], 'model is claude-* (model family)'],
    ['CLAUDE-3-5-SONNET runs', ['c1', 'r2'], 'model is claude-3-5-sonnet'],
    ['gpt-4o', ['g1', 'r1'], 'model is gpt-4o'],
    ['gpt-4o vs claude', ['c1', 'c2', 'g1', 'r1', 'r2'], 'model is gpt-4o OR model is claude-* (model family)'],
    ['gpt-4o-mini claude-3-opus', ['c2', 'g2'], 'model is gpt-4o-mini OR model is Claude-3-Opus'],
    ['model:mistral', ['m1', 'm2'], 'model is mistral-* (model family)'],
    ['runs on mistral', ['m1', 'm2'], 'model is mistral-* (model family)'],
    ['not mistral', ['c1', 'c2', 'g1', 'g2', 'notes about mistral tuning', 'r1', 'r2', 'x1', 'x2'], 'model is not mistral-* (model family)'],
    // Versions written with dots or spaces name the stored dashed model, and the explanation says which.
    ['claude 3.5 sonnet', ['c1', 'r2'], 'model is claude-3-5-sonnet'],
    ['claude-3.5-sonnet runs', ['c1', 'r2'], 'model is claude-3-5-sonnet'],
    ['Claude 3 Opus', ['c2'], 'model is Claude-3-Opus'],
    ['gpt 4o mini', ['g2'], 'model is gpt-4o-mini'],
    // A family ending in a version number also takes its point releases (claude-3-5.1-…), and says so.
    ['claude 3.5', ['c1', 'r2'], 'model is claude-3-5-* or claude-3-5.* (model family)'],
    ['model:claude-3.5', ['c1', 'r2'], 'model is claude-3-5-* or claude-3-5.* (model family)'],
  ])('%s → %j (%s)', async (query, expected, explanation) => {
    const result = await names(query);
    expect(result.names).toEqual(expected);
    expect(result.explanation).toBe(explanation);
  });

  it('searches a model-like word that names no stored model or family as text, and says so', async () => {
    const result = await names('llama runs');
    expect(result.names).toEqual([]);
    expect(result.explanation).toBe('text contains "llama"');
    expect(result.warnings).toEqual(['"llama" names no stored model or model family; searching for it as text']);
    await db.runs.importRun({ name: 'llama notes', modelName: 'phi-3', createdAt: NOW }, []).then(async (run) => {
      expect((await names('llama runs')).names).toEqual(['llama notes']);
      await db.runs.deleteRuns([run.id]);
    });
    const explicit = await names('model:llama');
    expect(explicit.names).toEqual([]);
    expect(explicit.warnings).toEqual(['no stored model is named "llama" or starts with "llama-"']);
  });

  it('never matches a run without items by error rate (unknown, not 0)', async () => {
    const none = await names('error rate < 50%');
    expect(none.names).toEqual([]);
    expect(none.explanation).toBe('error rate < 50%');
    expect((await names('not error rate < 50%')).names).toEqual([]);
  });

  it('matches a family prefix with % and _ literally (bound and escaped in LIKE)', async () => {
    expect((await names('model:my%_model')).names).toEqual(['x1']);
    expect((await names('model:my%')).names).toEqual([]);
  });

  it('reads a word that is a stored tag as the tag', async () => {
    const result = await names('nightly runs');
    expect(result.names).toEqual(['c1', 'm2']);
    expect(result.explanation).toBe('tag is nightly');
  });

  it('understands "runs on qa-capitals dataset" and "alice\'s failed runs"', async () => {
    const dataset = await names('runs on qa-capitals dataset');
    expect(dataset.names).toEqual(['c1', 'g1', 'm1']);
    expect(dataset.explanation).toBe('dataset is qa-capitals');
    expect(dataset.warnings).toEqual([]);
    const alice = await names("alice's failed runs");
    expect(alice.names).toEqual(['c2', 'm1']);
    expect(alice.explanation).toBe('created by alice AND status is failed');
    expect((await names('alice\u2019s claude runs')).names).toEqual(['c1', 'c2']);
  });

  it('never matches running runs by duration (unknown until they finish)', async () => {
    expect((await names('duration < 60s')).names).toEqual(['c1', 'g1', 'g2', 'm1', 'x1', 'x2']);
    expect((await names('took longer than 1 minute')).names).toEqual(['c2', 'm2', 'notes about mistral tuning']);
    expect((await names('not duration < 60s')).names).toEqual(['c2', 'm2', 'notes about mistral tuning']);
    expect((await names('running runs duration < 60s')).names).toEqual([]);
    expect((await names('running runs')).names).toEqual(['r1', 'r2']);
  });
});
