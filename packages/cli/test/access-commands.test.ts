import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type AuditEntryRecord, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// tokens, audit, projects *-retention and runs prune --apply-policies through the built binary, and the audit entries
// of every CLI write (as cli:<os user>); read commands leave the audit log untouched.

const DAY = 86_400_000;
const SECRET = /lle_[A-Za-z0-9_-]{43}/g;
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe.each(DATABASE_KINDS)('access commands on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
  });
  afterAll(() => db?.close());

  const cli = (...args: string[]) => runCli([...args, '--database-url', database.url], { env: { USER: 'ada' } });
  const auditEntries = async (): Promise<AuditEntryRecord[]> => (await db.audit.list({ limit: 1000 })).entries;
  const seedRun = async (name: string, fields: { projectId?: string; status?: 'completed' | 'failed' | 'cancelled'; daysAgo?: number } = {}) =>
    (
      await db.runs.importRun(
        {
          name,
          status: fields.status ?? 'completed',
          projectId: fields.projectId ?? null,
          metricsUsed: ['exact_match'],
          createdAt: new Date(Date.now() - (fields.daysAgo ?? 0) * DAY),
        },
        [{ itemId: 'i0', scores: { exact_match: 1 } }],
      )
    ).id;

  it('tokens create prints the secret once; it authenticates; list and --json never show it; revoke ends it; all audited', async () => {
    const created = await cli('tokens', 'create', '--name', 'ci', '--project', 'alpha,beta', '--role', 'editor', '--expires', '90d');
    expect(created.code).toBe(0);
    const secret = created.stdout.match(SECRET)?.[0];
    expect(secret).toBeDefined();
    expect(occurrences(created.stdout, secret!)).toBe(1);
    expect(created.stderr).not.toContain(secret!);
    expect(created.stdout).toContain('Authorization: Bearer');
    expect(created.stdout).toMatch(/role editor on alpha, beta; expires \d{4}-/);

    const json = await cli('tokens', 'create', '--name', 'ops', '--project', '*', '--role', 'admin', '--json');
    expect(json.code).toBe(0);
    const opsDoc = JSON.parse(json.stdout);
    expect(opsDoc.token).toMatchObject({ name: 'ops', role: 'admin', projects: '*', expiresAt: null, state: 'active', createdBy: 'cli:ada' });
    expect(opsDoc.secret).toMatch(/^lle_[A-Za-z0-9_-]{43}$/);
    expect(occurrences(json.stdout, opsDoc.secret)).toBe(1);

    const auth = await db.tokens.authenticate(secret!);
    expect(auth).toMatchObject({ ok: true, token: { name: 'ci', role: 'editor', projects: ['alpha', 'beta'] } });
    const ciId = auth.ok ? auth.token.id : '';
    expect((await db.tokens.authenticate(opsDoc.secret)).ok).toBe(true);

    const [list, listJson] = await Promise.all([cli('tokens', 'list'), cli('tokens', 'list', '--json')]);
    for (const out of [list, listJson]) {
      expect(out.code).toBe(0);
      expect(out.stdout + out.stderr).not.toMatch(SECRET);
    }
    expect(list.stdout).toMatch(/ci .*lle_\S{8} .*editor .*alpha, beta .*active/);
    const tokens = JSON.parse(listJson.stdout).tokens;
    expect(tokens.map((t: { name: string }) => t.name).sort()).toEqual(['ci', 'ops']);
    const ci = tokens.find((t: { name: string }) => t.name === 'ci');
    expect(Object.keys(ci).sort()).toEqual(['createdAt', 'createdBy', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'projects', 'revokedAt', 'role', 'state']);
    expect(ci).toMatchObject({ id: ciId, state: 'active', prefix: secret!.slice(0, 12) });
    expect(ci.lastUsedAt).not.toBeNull();

    const revoked = await cli('tokens', 'revoke', ci.prefix);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`revoked token ci (id ${ciId}`);
    expect(await db.tokens.authenticate(secret!)).toEqual({ ok: false, reason: 'revoked' });
    const again = await cli('tokens', 'revoke', ciId);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already revoked');
    // Revoking by the secret itself works, and the error never repeats it.
    const bySecret = await cli('tokens', 'revoke', secret!);
    expect(bySecret.code).toBe(1);
    expect(bySecret.stderr).not.toContain(secret!);
    expect(JSON.parse((await cli('tokens', 'list', '--json')).stdout).tokens.find((t: { id: string }) => t.id === ciId).state).toBe('revoked');

    const audit = await cli('audit', 'list', '--json');
    expect(audit.code).toBe(0);
    expect(audit.stdout).not.toMatch(SECRET);
    const entries = JSON.parse(audit.stdout).entries as AuditEntryRecord[];
    expect(entries.filter((e) => e.action === 'token.created').map((e) => [e.actor, e.targetId])).toEqual(
      expect.arrayContaining([['cli:ada', ciId], ['cli:ada', opsDoc.token.id]]),
    );
    expect(entries.filter((e) => e.action === 'token.revoked').map((e) => [e.actor, e.targetId])).toEqual([['cli:ada', ciId]]);
    const onlyRevoked = JSON.parse((await cli('audit', 'list', '--action', 'token.revoked', '--actor', 'cli:ada', '--since', '1h', '--json')).stdout);
    expect(onlyRevoked.entries.map((e: AuditEntryRecord) => e.action)).toEqual(['token.revoked']);
  });

  it('bad input is exit 2 with a clear message, creates nothing and never repeats a pasted secret', async () => {
    const before = { tokens: (await db.tokens.list()).length, audit: (await auditEntries()).length };
    const pasted = `lle_${'Ab3_-x'.repeat(7)}Q`;
    const cases: Array<[string[], string]> = [
      [['--name', 'x', '--project', 'a', '--role', 'owner'], 'is not a valid value. Valid values: viewer, editor, admin.'],
      [['--name', 'x', '--project', '', '--role', 'viewer'], '--project must be "*" (every project) or project ids'],
      [['--name', 'x', '--project', 'a,,b', '--role', 'viewer'], 'it was empty'],
      [['--name', 'x', '--project', 'no spaces', '--role', 'viewer'], '"no spaces" is not one'],
      [['--name', 'x', '--project', 'a', '--role', 'viewer', '--expires', '10x'], '--expires "10x": unknown unit "x"'],
      [['--name', 'x', '--project', 'a', '--role', 'viewer', '--expires', '30m'], 'is ambiguous: write 30min for minutes or 30mo for months'],
      [['--name', 'x', '--project', 'a', '--role', 'viewer', '--expires', '2020-01-01'], '--expires "2020-01-01" is in the past'],
      [['--name', ' ', '--project', 'a', '--role', 'viewer'], '--name must be 1 to 100 characters'],
      [['--name', pasted, '--project', 'a', '--role', 'viewer'], '--name looks like a token secret'],
      [['--name', 'x', '--project', `a,${pasted}`, '--role', 'viewer'], '--project looks like a token secret'],
      [['--name', 'x', '--project', 'a', '--role', pasted], 'is not a valid value. Valid values: viewer, editor, admin.'],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => cli('tokens', 'create', ...args)));
    outcomes.forEach((outcome, i) => {
      expect({ args: cases[i]![0], code: outcome.code, stdout: outcome.stdout }).toEqual({ args: cases[i]![0], code: 2, stdout: '' });
      expect(outcome.stderr).toContain(cases[i]![1]);
      expect(outcome.stderr).not.toContain(pasted);
    });
    const retention = await Promise.all([
      cli('projects', 'set-retention', 'alpha', '3x'),
      cli('projects', 'set-retention', 'alpha', '12h'),
      cli('projects', 'set-retention', 'alpha', '90d', '--status', 'running'),
      cli('projects', 'set-retention', 'bad id', '90d'),
      cli('audit', 'list', '--since', 'yesterday-ish'),
      cli('audit', 'list', '--action', 'run.exploded'),
      cli('audit', 'prune', '--before', '365d'),
      cli('runs', 'prune', '--apply-policies', '--older-than', '30d', '--yes'),
      cli('serve', '--port', '0', '--retention-interval', 'soon'),
    ]);
    const messages = [
      '<max-age> "3x": unknown unit "x"',
      '<max-age> "12h" must be whole days or weeks',
      '--status must be completed, failed, cancelled',
      "A retention policy's project must be a project id",
      '--since "yesterday-ish" is not a date',
      'Audit option "action" must be one of',
      'add --yes to do it',
      '--apply-policies deletes what each project\'s policy says',
      '--retention-interval "soon" must be an interval such as 30min, 1h or 1d',
    ];
    retention.forEach((outcome, i) => {
      expect({ message: messages[i], code: outcome.code }).toEqual({ message: messages[i], code: 2 });
      expect(outcome.stderr).toContain(messages[i]);
    });
    expect((await db.tokens.list()).length).toBe(before.tokens);
    expect(await db.retention.list()).toEqual([]);
    expect((await auditEntries()).length).toBe(before.audit);
  });

  it('read commands leave the audit log untouched', async () => {
    const a = await seedRun('read-a', { projectId: 'reads' });
    const b = await seedRun('read-b', { projectId: 'reads' });
    const before = await auditEntries();
    const reads = await Promise.all([
      cli('runs', 'list'),
      cli('runs', 'list', '--json'),
      cli('runs', 'show', a),
      cli('runs', 'search', 'completed'),
      cli('runs', 'compare', a, b),
      cli('tokens', 'list'),
      cli('tokens', 'list', '--json'),
      cli('audit', 'list'),
      cli('audit', 'list', '--json'),
      cli('projects', 'retention'),
      cli('runs', 'prune', '--apply-policies', '--dry-run'),
      cli('runs', 'prune', '--older-than', '1d', '--dry-run'),
    ]);
    reads.forEach((outcome) => expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' }));
    expect(await auditEntries()).toEqual(before);
  });

  it('a retention policy and runs prune --apply-policies delete exactly the runs it names, each audited as run.pruned', async () => {
    const ids = {
      oldFailed: await seedRun('ret-old-failed', { projectId: 'ret', status: 'failed', daysAgo: 40 }),
      oldCancelled: await seedRun('ret-old-cancelled', { projectId: 'ret', status: 'cancelled', daysAgo: 45 }),
      oldCompleted: await seedRun('ret-old-completed', { projectId: 'ret', status: 'completed', daysAgo: 40 }),
      newFailed: await seedRun('ret-new-failed', { projectId: 'ret', status: 'failed', daysAgo: 5 }),
      otherOldFailed: await seedRun('other-old-failed', { projectId: 'ret-other', status: 'failed', daysAgo: 400 }),
      noProject: await seedRun('no-project-old', { status: 'failed', daysAgo: 400 }),
    };
    const running = (await db.runs.createRun({ name: 'ret-running', projectId: 'ret', status: 'running', metricsUsed: [], createdAt: new Date(Date.now() - 50 * DAY) })).id;

    const set = await cli('projects', 'set-retention', 'ret', '30d', '--status', 'failed,cancelled');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('Retention of project ret: failed/cancelled runs older than 30 days are deleted by llm-eval runs prune --apply-policies --database-url <the same URL>.\n');
    const policies = JSON.parse((await cli('projects', 'retention', '--json')).stdout).policies;
    expect(policies).toEqual([expect.objectContaining({ projectId: 'ret', maxAgeDays: 30, statuses: ['failed', 'cancelled'], updatedBy: 'cli:ada' })]);
    const shown = await Promise.all([cli('projects', 'show', 'ret', '--json'), cli('projects', 'show', 'ret')]);
    expect(JSON.parse(shown[0].stdout).retention).toMatchObject({ projectId: 'ret', maxAgeDays: 30, statuses: ['failed', 'cancelled'] });
    expect(shown[1].stdout).toContain('  retention:   failed/cancelled runs older than 30 days are deleted (runs prune --apply-policies)\n');

    const dry = await cli('runs', 'prune', '--apply-policies', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const dryDoc = JSON.parse(dry.stdout);
    expect(dryDoc).toMatchObject({ matched: 2, deleted: 0, dryRun: true });
    expect(dryDoc.runs.map((r: { runId: string }) => r.runId).sort()).toEqual([ids.oldFailed, ids.oldCancelled].sort());
    expect(await db.runs.getRun(ids.oldFailed)).not.toBeNull();

    const refused = await cli('runs', 'prune', '--apply-policies');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refusing to delete without --yes');

    const applied = await cli('runs', 'prune', '--apply-policies', '--yes', '--json');
    expect(applied.code).toBe(0);
    const doc = JSON.parse(applied.stdout);
    expect(doc).toMatchObject({ matched: 2, deleted: 2, dryRun: false });
    expect(doc.runs.map((r: { runId: string }) => r.runId).sort()).toEqual([ids.oldFailed, ids.oldCancelled].sort());
    for (const gone of [ids.oldFailed, ids.oldCancelled]) expect(await db.runs.getRun(gone)).toBeNull();
    for (const kept of [ids.oldCompleted, ids.newFailed, ids.otherOldFailed, ids.noProject, running]) expect(await db.runs.getRun(kept)).not.toBeNull();

    const entries = JSON.parse((await cli('audit', 'list', '--json')).stdout).entries as AuditEntryRecord[];
    const pruned = entries.filter((e) => e.action === 'run.pruned');
    expect(pruned.map((e) => e.targetId).sort()).toEqual([ids.oldFailed, ids.oldCancelled].sort());
    expect(pruned.every((e) => e.actor === 'cli:ada' && e.projectId === 'ret')).toBe(true);
    expect(entries.filter((e) => e.action === 'retention.set').map((e) => [e.actor, e.targetId])).toEqual([['cli:ada', 'ret']]);

    const cleared = await cli('projects', 'clear-retention', 'ret');
    expect(cleared.code).toBe(0);
    expect((await cli('projects', 'clear-retention', 'ret')).code).toBe(1);
    expect((await auditEntries()).filter((e) => e.action === 'retention.cleared').map((e) => e.actor)).toEqual(['cli:ada']);
  });

  it('evaluate, runs delete, runs prune --older-than, runs cancel and db migrate are audited as cli:<os user>', async () => {
    const task = path.join(dir, 'task.mjs');
    const dataset = path.join(dir, 'data.jsonl');
    writeFileSync(task, 'export default (x) => x;\n');
    writeFileSync(dataset, '{"id":"a","input":1,"expected":1}\n{"id":"b","input":2,"expected":2}\n');
    const evaluated = await cli('evaluate', '--task', task, '--dataset', dataset, '--project', 'writes', '--json');
    expect(evaluated.code).toBe(0);
    const evaluatedId = JSON.parse(evaluated.stdout).runId;
    expect((await db.runs.requireRun(evaluatedId)).createdBy).toBe('ada');
    const doomed = await seedRun('del-me', { projectId: 'writes' });
    const old = await seedRun('prune-me', { projectId: 'writes-old', daysAgo: 1000 });
    const live = (await db.runs.createRun({ name: 'cancel-me', projectId: 'writes', status: 'running', metricsUsed: [], writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: new Date() })).id;
    const exportFile = path.join(dir, `${kind}-export.json`);
    writeFileSync(exportFile, (await cli('runs', 'export', doomed, '--format', 'json')).stdout);

    expect((await cli('runs', 'delete', doomed, '--yes')).code).toBe(0);
    expect((await cli('runs', 'prune', '--older-than', '900d', '--project', 'writes-old', '--yes')).code).toBe(0);
    expect((await cli('runs', 'cancel', live)).code).toBe(0);
    const imported = await cli('db', 'migrate', exportFile, '--allow-duplicate', '--json');
    expect(imported.code).toBe(0);
    const importedId = JSON.parse(imported.stdout).imported[0].runId;

    const entries = await auditEntries();
    const of = (action: string) => entries.filter((e) => e.action === action && e.actor === 'cli:ada').map((e) => e.targetId);
    expect(of('run.deleted')).toEqual(expect.arrayContaining([doomed, old]));
    expect(of('run.cancelled')).toEqual([live]);
    expect(of('run.imported')).toEqual([importedId]);
    expect(of('run.created')).toEqual([evaluatedId]);
    expect(entries.find((e) => e.action === 'run.created')).toMatchObject({ projectId: 'writes', targetType: 'run' });
    expect(entries.find((e) => e.action === 'run.cancelled')?.details).toMatchObject({ name: 'cancel-me', reason: 'cancelled with llm-eval runs cancel by ada' });
  });

  it('audit prune needs --yes, deletes only older entries and audits itself', async () => {
    const before = await auditEntries();
    const pruned = await cli('audit', 'prune', '--before', '365d', '--yes', '--json');
    expect(pruned.code).toBe(0);
    expect(JSON.parse(pruned.stdout)).toMatchObject({ deleted: 0 });
    const after = await auditEntries();
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ action: 'audit.pruned', actor: 'cli:ada', details: { deleted: 0 } });
  });
});
