import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { RunClosedError } from '@llm-eval/storage';
import { DATABASE_KINDS, useServer } from './server-harness';

// A cancel from the API (dashboard, script) stores the run as cancelled; its writer or distributed workers see the
// status and stop, and batches arriving after it are refused.
/** The id of a process that has exited: a writer that is gone (killed, crashed). */
function exitedPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

const HOUR_AGO = () => new Date(Date.now() - 3_600_000);

describe.each(DATABASE_KINDS)('POST /runs/:run/cancel on %s', (kind) => {
  const api = useServer(kind);

  it('cancels a running run (by name too) and answers with it; its later batches are refused', async () => {
    const db = api.server.database;
    const run = await db.runs.createRun({ name: 'to-cancel', status: 'running', metricsUsed: ['accuracy'] });
    await db.runs.addItems(run.id, [{ itemId: 'a', scores: { accuracy: 1 } }], { onlyWhileRunning: true });
    const res = await api.json(`/api/v1/runs/to-cancel/cancel`, { method: 'POST' });
    expect(res).toMatchObject({ status: 200, body: { id: run.id, name: 'to-cancel', status: 'cancelled', totalItems: 1 } });
    expect(res.body.statusReason).toMatch(/cancelled through the API/);
    expect((await api.json(`/api/v1/runs/${run.id}`)).body.status).toBe('cancelled');
    await expect(db.runs.addItems(run.id, [{ itemId: 'b' }], { onlyWhileRunning: true })).rejects.toThrow(RunClosedError);

    const again = await api.json(`/api/v1/runs/${run.id}/cancel`, { method: 'POST', json: { reason: 'second thoughts' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'run_not_running', details: { run: run.id, status: 'cancelled' } });
  });

  it('stores the reason given in the body, and refuses a body that is not one', async () => {
    const db = api.server.database;
    const run = await db.runs.createRun({ name: 'with-reason', status: 'running' });
    const bad = await api.json(`/api/v1/runs/${run.id}/cancel`, { method: 'POST', json: { reason: '', extra: 1 } });
    expect(bad.status).toBe(400);
    expect((await api.json(`/api/v1/runs/${run.id}`)).body.status).toBe('running');
    const res = await api.json(`/api/v1/runs/${run.id}/cancel`, { method: 'POST', json: { reason: 'budget exceeded' } });
    expect(res).toMatchObject({ status: 200, body: { status: 'cancelled', statusReason: 'budget exceeded' } });
  });

  it('refuses a finished run with 409 naming its status, and a missing run with 404', async () => {
    const db = api.server.database;
    const done = await db.runs.importRun({ name: 'finished', status: 'completed' }, [{ itemId: 'x' }]);
    const refused = await api.json(`/api/v1/runs/${done.id}/cancel`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'run_not_running', details: { run: done.id, status: 'completed' } });
    expect(refused.body.error.message).toMatch(/is completed, not running/);
    expect((await api.json(`/api/v1/runs/${done.id}`)).body.status).toBe('completed');

    const missing = await api.json(`/api/v1/runs/00000000-0000-4000-8000-000000000000/cancel`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('run_not_found');
    expect((await api.json(`/api/v1/runs/no-such-run/cancel`, { method: 'POST' })).status).toBe(404);
  });

  it('refuses an abandoned run (its writer gone) with 409, stores nothing, and names the way to settle it', async () => {
    const db = api.server.database;
    const run = await db.runs.createRun({ name: 'abandoned', status: 'running', metricsUsed: ['accuracy'], writerHost: hostname(), writerPid: exitedPid() });
    await db.runs.addItems(run.id, [{ itemId: 'a', scores: { accuracy: 1 } }], { onlyWhileRunning: true });
    expect((await api.json(`/api/v1/runs/${run.id}`)).body.status).toBe('abandoned');
    const refused = await api.json(`/api/v1/runs/${run.id}/cancel`, { method: 'POST', json: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'run_not_running', details: { run: run.id, status: 'abandoned' } });
    expect(refused.body.error.message).toMatch(/is abandoned, not running/);
    expect(refused.body.error.message).toMatch(/writer is gone/);
    expect(refused.body.error.message).toContain(`llm-eval runs recover ${run.id}`);
    expect(refused.body.error.message).not.toContain('--force');
    // Still the open run it was: runs recover settles it from its stored items.
    expect((await db.runs.requireRun(run.id)).statusReason).toBeNull();
    const recovered = await db.runs.recoverRun(run.id);
    expect(recovered).toMatchObject({ status: 'failed', items: 1 });
  });

  it('refuses an abandoned run whose writer process still exists on this host, advising recover --force', async () => {
    const db = api.server.database;
    const run = await db.runs.createRun({ name: 'silent', status: 'running', writerHost: hostname(), writerPid: process.pid, heartbeatAt: HOUR_AGO() });
    expect((await api.json(`/api/v1/runs/${run.id}`)).body.status).toBe('abandoned');
    const refused = await api.json(`/api/v1/runs/${run.id}/cancel`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'run_not_running', details: { run: run.id, status: 'abandoned' } });
    expect(refused.body.error.message).toContain(`process ${process.pid} on ${hostname()} still exists`);
    expect(refused.body.error.message).toContain(`llm-eval runs recover ${run.id} --force`);
    expect((await db.runs.requireRun(run.id)).statusReason).toBeNull();
  });

  it('documents the refusal of an abandoned run in the OpenAPI document', async () => {
    const doc = await api.json('/api/openapi.json');
    const op = doc.body.paths['/api/v1/runs/{run}/cancel'].post;
    expect(op.responses['409']).toBeDefined();
    expect(op.description).toMatch(/abandoned/);
    expect(op.description).toMatch(/llm-eval runs recover/);
  });
});
