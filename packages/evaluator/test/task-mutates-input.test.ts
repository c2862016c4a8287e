import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { Evaluator } from '../src';

// A task that changed its input object (rewrote the prompt, added the API key it used) had the changed object recorded
// and stored as the item's input: the dataset's question was lost and the key was persisted. The input, expected value
// and metadata are recorded as they were before the task ran, whether the task succeeds or fails.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-mutating-task-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a task that changes its input', () => {
  it('leaves the recorded and stored input, expected value and metadata as the dataset gave them', async () => {
    const databaseUrl = `sqlite:///${path.join(dir, 'runs.db')}`;
    const result = await new Evaluator({
      task: (input: { prompt: string; apiKeyUsed?: string }, context) => {
        input.prompt = 'REWRITTEN BY TASK';
        input.apiKeyUsed = 'sk-secret';
        (context.item.metadata as { source: string }).source = 'changed';
        if (context.item.id === 'fails') throw new Error('after changing the input');
        return 'ok';
      },
      dataset: [
        { id: 'ok', input: { prompt: 'What is 2 + 2?' }, expected: { answer: '4' }, metadata: { source: 'wiki' } },
        { id: 'fails', input: { prompt: 'Capital of Peru?' }, expected: { answer: 'Lima' }, metadata: { source: 'atlas' } },
      ],
      metrics: ['exact_match'],
      config: { databaseUrl, keepItems: true },
    }).run();
    const byId = Object.fromEntries(result.items.map((i) => [i.id, i]));
    expect(byId.ok).toMatchObject({ input: { prompt: 'What is 2 + 2?' }, metadata: { source: 'wiki' }, success: true });
    expect(byId.fails).toMatchObject({ input: { prompt: 'Capital of Peru?' }, metadata: { source: 'atlas' }, success: false });
    expect(JSON.stringify(result.items)).not.toContain('sk-secret');
    const db = await initializeDatabase({ url: databaseUrl });
    try {
      const { items } = await db.runs.listItems(result.runId!, {});
      expect(items.map((i) => [i.itemId, i.input, i.metadata])).toEqual([
        ['ok', { prompt: 'What is 2 + 2?' }, { source: 'wiki' }],
        ['fails', { prompt: 'Capital of Peru?' }, { source: 'atlas' }],
      ]);
    } finally {
      await db.close();
    }
  });

  it('records nested objects as they were too, also when a field had to be converted, and takes a Proxy input', async () => {
    const result = await new Evaluator({
      task: (input: { note?: undefined; when?: Date; nested: { prompt: string; apiKey?: string } }) => {
        input.nested.prompt = 'REWRITTEN';
        input.nested.apiKey = 'sk-secret';
        return 'ok';
      },
      dataset: [
        // `note: undefined` and the Date make toSafeValue build a new object, whose `nested` was still the task's.
        { id: 'converted', input: { note: undefined, when: new Date(0), nested: { prompt: 'orig' } } },
        { id: 'proxy', input: new Proxy({ nested: { prompt: 'orig' } }, {}) },
      ],
      metrics: ['exact_match'],
      config: { storeRuns: false },
    }).run();
    expect(result.items.map((i) => [i.id, i.success, i.input])).toEqual([
      ['converted', true, { when: '1970-01-01T00:00:00.000Z', nested: { prompt: 'orig' } }],
      ['proxy', true, { nested: { prompt: 'orig' } }],
    ]);
  });
});
