import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import {
  HEARTBEAT_TIMEOUT_ENV,
  RunNotRecoverableError,
  RunRepository,
  RunWriterAliveError,
  ValidationError,
  knownDurationSeconds,
  type Database,
  type ItemInput,
} from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const MINUTE = 60_000;

/** The pid of a process that has exited. */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function items(n: number, offset = 0): ItemInput[] {
  return Array.from({ length: n }, (_, i) => ({
    itemId: `q${offset + i}`,
    status: (offset + i) % 4 === 3 ? ('failed' as const) : ('completed' as const),
    startedAt: new Date(Date.UTC(2026, 11, 1, 10, 0, offset + i)),
    completedAt: new Date(Date.UTC(2026, 11, 1, 10, 0, offset + i + 2)),
    responseTime: 0.5 + ((offset + i) % 5) / 10,
    tokensUsed: 10 + (offset + i),
    cost: 0.001,
    scores: { exact_match: (offset + i) % 3 === 0 ? 0 : 1, f1: ((offset + i) % 7) / 7 },
  }));
}

describe.each(DATABASE_KINDS)('interrupted runs on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });
  beforeEach(async () => {
    delete process.env[HEARTBEAT_TIMEOUT_ENV];
    for (const t of ['run_metrics', 'evaluation_items', 'run_tags', 'evaluation_runs']) await db.dataSource.query(`DELETE FROM "${t}"`);
  });

  const run = (name: string, writer: { host?: string | null; pid?: number | null; heartbeatAgoMs?: number } = {}) =>
    db.runs.createRun({
      name,
      metricsUsed: ['exact_match', 'f1'],
      startedAt: new Date(Date.UTC(2026, 11, 1, 9, 0, 0)),
      writerHost: writer.host === undefined ? hostname() : writer.host,
      writerPid: writer.pid === undefined ? process.pid : writer.pid,
      heartbeatAt: new Date(Date.now() - (writer.heartbeatAgoMs ?? 0)),
    });

  it('shows a running run whose writer process exited on this host as abandoned, one whose writer lives as running', async () => {
    const dead = await run('dead', { pid: exitedPid() });
    const alive = await run('alive');
    expect((await db.runs.requireRun(dead.id)).status).toBe('abandoned');
    expect((await db.runs.requireRun(alive.id)).status).toBe('running');
    const page = await db.runs.listRuns();
    expect(Object.fromEntries(page.runs.map((r) => [r.name, r.status]))).toEqual({ dead: 'abandoned', alive: 'running' });
  });

  it('does not take a recorded process id of 0 (a process group) as proof that the writer exited', async () => {
    const odd = await run('odd', { pid: 0 });
    expect((await db.runs.requireRun(odd.id)).status).toBe('running');
  });

  it('shows a run whose writer on another host stopped beating as abandoned after the heartbeat timeout', async () => {
    const silent = await run('silent', { host: 'build-agent-7.example', pid: 4242, heartbeatAgoMs: 10 * MINUTE });
    const beating = await run('beating', { host: 'build-agent-7.example', pid: 4243, heartbeatAgoMs: 1_000 });
    const slow = await run('slow', { host: 'build-agent-7.example', pid: 4244, heartbeatAgoMs: 60_000 });
    const states = async () => Object.fromEntries((await db.runs.listRuns()).runs.map((r) => [r.name, r.status]));
    expect(await states()).toEqual({ silent: 'abandoned', beating: 'running', slow: 'running' });
    process.env[HEARTBEAT_TIMEOUT_ENV] = '30s';
    expect(await states()).toEqual({ silent: 'abandoned', beating: 'running', slow: 'abandoned' });
    const strict = new RunRepository(db.dataSource, { heartbeatTimeoutSeconds: 5 * 3600 });
    expect((await strict.requireRun(silent.id)).status).toBe('running');
    expect((await db.runs.findAbandonedRuns()).map((r) => r.id).sort()).toEqual([silent.id, slow.id].sort());
    expect(beating.id).toBeDefined();
  });

  it('rejects a malformed LLM_EVAL_HEARTBEAT_TIMEOUT with a message naming it', async () => {
    await run('any');
    process.env[HEARTBEAT_TIMEOUT_ENV] = 'two minutes';
    await expect(db.runs.listRuns()).rejects.toThrow(ValidationError);
    await expect(db.runs.listRuns()).rejects.toThrow(/LLM_EVAL_HEARTBEAT_TIMEOUT.*90s, 2m/);
  });

  it('counts a run written before writers were recorded as abandoned once its row is stale', async () => {
    const old = await db.runs.createRun({ name: 'legacy' });
    const fresh = await db.runs.createRun({ name: 'legacy-fresh' });
    const stale = new Date(Date.now() - 30 * MINUTE);
    await db.dataSource.query(`UPDATE "evaluation_runs" SET "updated_at" = ${kind === 'postgres' ? '$1' : '?'} WHERE "id" = ${kind === 'postgres' ? '$2' : '?'}`, [
      kind === 'postgres' ? stale : stale.toISOString().replace('T', ' ').replace('Z', ''),
      old.id,
    ]);
    expect((await db.runs.requireRun(old.id)).status).toBe('abandoned');
    expect((await db.runs.requireRun(fresh.id)).status).toBe('running');
  });

  it('filters --status running and abandoned apart, and both together as every stored running run', async () => {
    const dead = await run('dead', { pid: exitedPid() });
    const silent = await run('silent', { host: 'elsewhere.example', heartbeatAgoMs: 10 * MINUTE });
    const alive = await run('alive');
    const done = await run('done');
    await db.runs.updateRun(done.id, { status: 'completed' });
    const ids = async (status: never) => (await db.runs.listRuns({ status })).runs.map((r) => r.id).sort();
    expect(await ids('abandoned' as never)).toEqual([dead.id, silent.id].sort());
    expect(await ids('running' as never)).toEqual([alive.id]);
    expect(await ids(['running', 'abandoned'] as never)).toEqual([dead.id, silent.id, alive.id].sort());
    expect(await ids(['completed', 'abandoned'] as never)).toEqual([dead.id, silent.id, done.id].sort());
    expect((await db.runs.listRuns({ status: 'abandoned' })).total).toBe(2);
  });

  it('reports the stored items of a running or abandoned run in its totals, never 0', async () => {
    const dead = await run('dead', { pid: exitedPid() });
    const alive = await run('alive');
    await db.runs.addItems(dead.id, items(1200));
    await db.runs.addItems(alive.id, items(8));
    const shown = await db.runs.requireRun(dead.id);
    expect(shown).toMatchObject({ status: 'abandoned', totalItems: 1200, successfulItems: 900, failedItems: 300, successRate: 0.75 });
    expect(shown.totalTokens).toBe(items(1200).reduce((s, i) => s + i.tokensUsed!, 0));
    const listed = Object.fromEntries((await db.runs.listRuns()).runs.map((r) => [r.name, r.totalItems]));
    expect(listed).toEqual({ dead: 1200, alive: 8 });
  });

  it('recovers an abandoned run: totals, statistics and time from the stored items, status failed with a reason', async () => {
    const dead = await run('dead', { pid: exitedPid() });
    await db.runs.addItems(dead.id, items(250));
    const outcome = await db.runs.recoverRun(dead.id);
    expect(outcome).toMatchObject({ runId: dead.id, items: 250, status: 'failed' });
    const recovered = await db.runs.requireRun(dead.id);
    expect(recovered.status).toBe('failed');
    expect(recovered.statusReason).toMatch(/^interrupted: its writer \(process \d+ on .+\) stopped without finishing it; recovered on .+ from 250 stored item\(s\)\.$/);
    expect(recovered.startedAt).toEqual(new Date(Date.UTC(2026, 11, 1, 10, 0, 0)));
    expect(recovered.completedAt).toEqual(new Date(Date.UTC(2026, 11, 1, 10, 0, 251)));
    expect(recovered.durationSeconds).toBe(251);
    // The same figures computeRunMetrics derives from the same items.
    const copy = await db.runs.importRun({ name: 'copy', metricsUsed: ['exact_match', 'f1'], status: 'completed' }, items(250));
    const strip = ({ runId: _r, computedAt: _c, ...m }: { runId: string; computedAt: Date }) => m;
    expect(recovered.metrics.map(strip)).toEqual(copy.metrics.map(strip));
    for (const field of ['totalItems', 'successfulItems', 'failedItems', 'successRate', 'avgResponseTime', 'minResponseTime', 'maxResponseTime', 'totalTokens'] as const) {
      expect([field, recovered[field]]).toEqual([field, copy[field]]);
    }
    expect(recovered.totalCost).toBeCloseTo(copy.totalCost, 12);
    expect(await db.runs.findAbandonedRuns()).toEqual([]);
    await expect(db.runs.recoverRun(dead.id)).rejects.toThrow(RunNotRecoverableError);
  });

  it('recovers a run that stored no items and beat after its start: it ran at least until its last heartbeat', async () => {
    const empty = await run('empty', { host: 'elsewhere.example', heartbeatAgoMs: 10 * MINUTE });
    const heartbeatAt = (await db.runs.requireRun(empty.id)).heartbeatAt!;
    const outcome = await db.runs.recoverRun(empty.id);
    expect(outcome.items).toBe(0);
    const recovered = await db.runs.requireRun(empty.id);
    expect(recovered).toMatchObject({ status: 'failed', totalItems: 0, successfulItems: 0, failedItems: 0, successRate: 0 });
    expect(recovered.startedAt).toEqual(new Date(Date.UTC(2026, 11, 1, 9, 0, 0)));
    expect(recovered.completedAt).toEqual(heartbeatAt);
    const lowerBound = (heartbeatAt.getTime() - Date.UTC(2026, 11, 1, 9, 0, 0)) / 1000;
    expect(recovered.durationSeconds).toBeCloseTo(lowerBound, 6);
    expect(knownDurationSeconds(recovered)).toBeCloseTo(lowerBound, 6);
    expect(recovered.statusReason).toMatch(/from 0 stored item\(s\); it ran at least until its last heartbeat \(\d{4}-\d\d-\d\dT[\d:.]+Z\)\.$/);
  });

  it('recovers a run that stored no items and never beat after its start with an unknown duration, never 0 s', async () => {
    const startedAt = new Date(Date.now() - 10 * MINUTE);
    // Killed within moments of its start: its heartbeat is the one it was created with.
    const early = await db.runs.createRun({
      name: 'early', metricsUsed: ['exact_match'], startedAt, writerHost: hostname(), writerPid: exitedPid(),
      heartbeatAt: new Date(startedAt.getTime() + 40),
    });
    // Made without a writer or heartbeat (a run created through the library, or before writers were recorded).
    const silent = await db.runs.createRun({ name: 'silent', startedAt, writerHost: 'elsewhere.example', writerPid: 7 });
    await db.dataSource.query(`UPDATE "evaluation_runs" SET "updated_at" = ${kind === 'postgres' ? '$1' : '?'} WHERE "id" = ${kind === 'postgres' ? '$2' : '?'}`, [
      kind === 'postgres' ? startedAt : startedAt.toISOString().replace('T', ' ').replace('Z', ''),
      silent.id,
    ]);
    for (const id of [early.id, silent.id]) {
      expect((await db.runs.recoverRun(id)).items).toBe(0);
      const recovered = await db.runs.requireRun(id);
      expect(recovered.status).toBe('failed');
      expect(knownDurationSeconds(recovered)).toBeNull();
      expect(recovered.completedAt).toBeNull();
      expect(recovered.statusReason).toMatch(
        new RegExp(`from 0 stored item\\(s\\); how long it ran is not known: it started at ${startedAt.toISOString()} and sent no heartbeat after that\\.$`),
      );
    }
    // The SQL side agrees: no duration condition matches them, and they sort after every run of known duration.
    const done = await db.runs.createRun({ name: 'done', status: 'completed', startedAt, completedAt: new Date(startedAt.getTime() + 3000) });
    expect((await db.runs.listRuns({ maxDurationSeconds: 1 })).runs.map((r) => r.name)).toEqual([]);
    const sorted = await db.runs.listRuns({ status: ['completed', 'failed'], sort: 'durationSeconds', direction: 'asc' });
    expect(sorted.runs[0]!.id).toBe(done.id);
  });

  it('refuses to recover a run whose writer is alive unless forced', async () => {
    const alive = await run('alive');
    const remote = await run('remote', { host: 'elsewhere.example', heartbeatAgoMs: 1_000 });
    await expect(db.runs.recoverRun(alive.id)).rejects.toThrow(RunWriterAliveError);
    await expect(db.runs.recoverRun(remote.id)).rejects.toThrow(/may still be in progress.*--force/);
    expect((await db.runs.requireRun(alive.id)).status).toBe('running');
    await db.runs.addItems(alive.id, items(3));
    await db.runs.recoverRun(alive.id, { force: true });
    expect(await db.runs.requireRun(alive.id)).toMatchObject({ status: 'failed', totalItems: 3 });
  });

  it('refreshes the heartbeat of a running run only', async () => {
    const remote = await run('remote', { host: 'elsewhere.example', heartbeatAgoMs: 10 * MINUTE });
    expect((await db.runs.requireRun(remote.id)).status).toBe('abandoned');
    await db.runs.heartbeat(remote.id);
    expect((await db.runs.requireRun(remote.id)).status).toBe('running');
    await db.runs.updateRun(remote.id, { status: 'completed' });
    await db.runs.heartbeat(remote.id, new Date(Date.now() - 99 * MINUTE));
    expect((await db.runs.requireRun(remote.id)).heartbeatAt!.getTime()).toBeGreaterThan(Date.now() - MINUTE);
  });
});
