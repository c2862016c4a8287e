import { spawnSync } from 'node:child_process';
import { EvaluationRun } from '@llm-eval/models';
import { hostname } from 'node:os';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

describe.each(DATABASE_KINDS)('running and abandoned runs in queries on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const now = Date.now();
    const run = (name: string, status: 'running' | 'completed', durationSeconds: number) =>
      db.runs.importRun({ name, modelName: 'gpt-4o', status, durationSeconds, createdAt: new Date(now - 60_000) }, []);
    await run('live', 'running', 0);
    const gone = await run('gone', 'running', 12);
    await run('done', 'completed', 20);
    // A writer on another host that stopped sending heartbeats an hour ago: abandoned (storage's rule).
    await db.dataSource.getRepository(EvaluationRun).update(gone.id, { writerHost: 'elsewhere', writerPid: 1, heartbeatAt: new Date(now - 3_600_000) });
    // A writer on this host killed a moment ago: its heartbeat is fresh, but its process is gone (abandoned at once).
    const killed = await run('killed', 'running', 0);
    const exitedPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    await db.dataSource.getRepository(EvaluationRun).update(killed.id, { writerHost: hostname(), writerPid: exitedPid, heartbeatAt: new Date() });
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const search = async (query: string) => {
    const result = await engine.searchRuns({ query, limit: 100 });
    return { names: result.runs.map((r) => `${r.name}:${r.status}`).sort(), explanation: result.explanation };
  };

  it('tells running from abandoned runs the way every reading command shows them', async () => {
    expect(await search('abandoned runs')).toEqual({ names: ['gone:abandoned', 'killed:abandoned'], explanation: 'status is abandoned' });
    expect((await search('running runs')).names).toEqual(['live:running']);
    expect((await search('status:running,abandoned')).names).toEqual(['gone:abandoned', 'killed:abandoned', 'live:running']);
    expect((await search('not abandoned')).names).toEqual(['done:completed', 'live:running']);
    expect((await search('completed or interrupted runs')).names).toEqual(['done:completed', 'gone:abandoned', 'killed:abandoned']);
  });

  it('tells them apart the same way in the structured status filter (the server\'s ?status=), a writer that exited included', async () => {
    const byStatus = async (status: 'running' | 'abandoned') =>
      (await engine.searchRuns({ status, limit: 100 })).runs.map((r) => `${r.name}:${r.status}`).sort();
    expect(await byStatus('abandoned')).toEqual(['gone:abandoned', 'killed:abandoned']);
    expect(await byStatus('running')).toEqual(['live:running']);
    const counted = await engine.searchRuns({ status: 'abandoned', limit: 1 });
    expect(counted.total).toBe(2);
  });

  it('matches neither running nor abandoned runs by duration: it is unknown until they finish', async () => {
    expect((await search('duration < 60s')).names).toEqual(['done:completed']);
    expect((await search('took longer than 5s')).names).toEqual(['done:completed']);
  });
});
