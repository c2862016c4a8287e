import { InvalidAuditEntryError, InvalidCursorError, tokenActor, type AuditEntryRecord, type Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const HOUR = 3_600_000;

describe.each(DATABASE_KINDS)('the audit log on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });

  /** Empties the log the only way the database allows: a prune, whose own entry is then the only one. */
  async function emptyLog(): Promise<void> {
    await db.audit.prune({ before: new Date(Date.now() + HOUR), actor: 'test-setup' });
  }

  async function rowCount(): Promise<number> {
    const [row] = await db.dataSource.query(`SELECT COUNT(*) AS "n" FROM "audit_log"`);
    return Number(row.n);
  }

  async function allEntries(options: Parameters<Database['audit']['list']>[0] = {}): Promise<AuditEntryRecord[]> {
    const out: AuditEntryRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await db.audit.list({ ...options, cursor });
      out.push(...page.entries);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  it('appends entries and lists them newest first with every field', async () => {
    await emptyLog();
    const stored = await db.audit.append({
      actor: 'ana',
      action: 'run.deleted',
      targetType: 'run',
      targetId: 'r-1',
      projectId: 'alpha',
      correlationId: 'req-9',
      outcome: 'success',
      details: { name: 'nightly', count: 3 },
    });
    await db.audit.append({ actor: 'bo', action: 'auth.failed', outcome: 'denied', details: { reason: 'unknown' } });
    const { entries, nextCursor } = await db.audit.list();
    expect(nextCursor).toBeNull();
    expect(entries.map((e) => e.action)).toEqual(['auth.failed', 'run.deleted', 'audit.pruned']);
    expect(entries[1]).toEqual({
      id: stored.id,
      at: stored.at,
      actor: 'ana',
      action: 'run.deleted',
      targetType: 'run',
      targetId: 'r-1',
      projectId: 'alpha',
      correlationId: 'req-9',
      outcome: 'success',
      details: { name: 'nightly', count: 3 },
    });
    expect(entries[0]).toMatchObject({ actor: 'bo', outcome: 'denied', targetType: null, projectId: null });
  });

  it('filters by time, actor, action and projects, and pages with a keyset cursor', async () => {
    await emptyLog();
    for (let i = 0; i < 25; i++) {
      await db.audit.append({
        actor: i % 2 ? 'ana' : 'bo',
        action: i % 3 ? 'run.created' : 'run.deleted',
        projectId: ['alpha', 'beta', null][i % 3],
        targetId: `r${i}`,
      });
    }
    const everything = await allEntries({ limit: 4 });
    expect(everything).toHaveLength(26);
    expect(new Set(everything.map((e) => e.id)).size).toBe(26);
    const times = everything.map((e) => e.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const anas = await allEntries({ actor: 'ana', limit: 3 });
    expect(anas).toHaveLength(12);
    expect(anas.every((e) => e.actor === 'ana')).toBe(true);
    const deletes = await allEntries({ action: 'run.deleted', limit: 2 });
    expect(deletes.map((e) => e.targetId).sort()).toEqual(['r0', 'r12', 'r15', 'r18', 'r21', 'r24', 'r3', 'r6', 'r9'].sort());
    const alpha = await allEntries({ projectIds: ['alpha'] });
    expect(alpha.map((e) => e.targetId).sort()).toEqual(['r0', 'r12', 'r15', 'r18', 'r21', 'r24', 'r3', 'r6', 'r9'].sort());
    expect(await allEntries({ projectIds: [] })).toEqual([]);
    const both = await allEntries({ projectIds: ['alpha', 'beta'] });
    expect(both).toHaveLength(17);

    const middle = everything[10]!.at;
    const since = await allEntries({ since: middle });
    expect(since.every((e) => e.at.getTime() >= middle.getTime())).toBe(true);
    const until = await allEntries({ until: middle });
    expect(until.every((e) => e.at.getTime() < middle.getTime())).toBe(true);
    expect(since.length + until.length).toBe(26);
  });

  it('takes a token name as an actor filter for every token of that name, and name#id for one', async () => {
    await emptyLog();
    const name = 'ci-ü😀';
    const [a, b] = [await db.tokens.create({ name, role: 'viewer', projects: '*' }), await db.tokens.create({ name, role: 'viewer', projects: '*' })];
    const actorA = tokenActor(a.token);
    expect(actorA).toBe(`token:${name}#${a.token.id}`);
    for (const actor of [actorA, tokenActor(b.token), `token:${name}`, `token:${name}#${a.token.id}#${b.token.id}`, `token:${name}x#${a.token.id}`, 'token:ci-ü']) {
      await db.audit.append({ actor, action: 'run.created', targetId: actor });
    }
    const actors = async (actor: string) => (await allEntries({ actor, action: 'run.created' })).map((e) => e.actor).sort();
    expect(await actors(`token:${name}`)).toEqual([`token:${name}`, actorA, tokenActor(b.token)].sort());
    expect(await actors(actorA)).toEqual([actorA]);
    expect(await actors('token:ci-ü')).toEqual(['token:ci-ü']);
    expect(await actors(`token:${name.toUpperCase()}`)).toEqual([]);
  });

  it('refuses unknown actions, bad limits and cursors that are not its own', async () => {
    await expect(db.audit.append({ actor: 'x', action: 'run.exploded' as never })).rejects.toThrow(InvalidAuditEntryError);
    await expect(db.audit.append({ actor: '', action: 'run.created' })).rejects.toThrow(InvalidAuditEntryError);
    await expect(db.audit.append({ actor: 'x', action: 'run.created', outcome: 'maybe' as never })).rejects.toThrow(InvalidAuditEntryError);
    await expect(db.audit.list({ limit: 0 })).rejects.toThrow(InvalidAuditEntryError);
    await expect(db.audit.list({ action: "run.created' OR 1=1" as never })).rejects.toThrow(InvalidAuditEntryError);
    await expect(db.audit.list({ projectIds: ["'; DROP TABLE audit_log; --"] })).rejects.toThrow(InvalidAuditEntryError);
    await expect(db.audit.list({ cursor: 'not-a-cursor' })).rejects.toThrow(InvalidCursorError);
    const forged = Buffer.from(JSON.stringify(['audit:at:desc', 'yesterday', 'x', null])).toString('base64url');
    await expect(db.audit.list({ cursor: forged })).rejects.toThrow(InvalidCursorError);
  });

  it('records hostile text faithfully, cutting only what does not fit its column', async () => {
    await emptyLog();
    const quoted = `o'brien"; DELETE FROM audit_log; --`;
    await db.audit.append({ actor: quoted, action: 'auth.failed', targetId: 'nul\u0000inside', details: { header: 'a\u0000b' } });
    const long = 'x'.repeat(10_000);
    await db.audit.append({ actor: long, action: 'auth.failed', correlationId: long });
    const [longEntry, quotedEntry] = (await db.audit.list({ action: 'auth.failed' })).entries;
    expect(quotedEntry).toMatchObject({ actor: quoted, targetId: 'nul\u0000inside', details: { header: 'a\u0000b' } });
    expect(longEntry!.actor).toBe(`${'x'.repeat(254)}…`);
    expect(longEntry!.correlationId).toBe(`${'x'.repeat(127)}…`);
    expect((await db.audit.list({ actor: quoted })).entries).toHaveLength(1);
  });

  it('refuses UPDATE of any row, even through raw SQL', async () => {
    await db.audit.append({ actor: 'ana', action: 'run.created' });
    const before = await rowCount();
    await expect(db.dataSource.query(`UPDATE "audit_log" SET "actor" = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`UPDATE "audit_log" SET "details" = NULL WHERE "actor" = 'ana'`)).rejects.toThrow(/append-only/);
    expect(await rowCount()).toBe(before);
    expect((await db.audit.list({ actor: 'mallory' })).entries).toEqual([]);
  });

  it('refuses DELETE of any row, even through raw SQL', async () => {
    await db.audit.append({ actor: 'ana', action: 'run.created' });
    const before = await rowCount();
    await expect(db.dataSource.query(`DELETE FROM "audit_log"`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`DELETE FROM "audit_log" WHERE "actor" = 'ana'`)).rejects.toThrow(/append-only/);
    if (kind === 'postgres') await expect(db.dataSource.query(`TRUNCATE "audit_log"`)).rejects.toThrow(/append-only/);
    expect(await rowCount()).toBe(before);
  });

  it('appends inside the caller\'s transaction: a rolled-back change leaves no entry', async () => {
    const before = await rowCount();
    await expect(
      db.dataSource.transaction(async (manager) => {
        await db.audit.append({ actor: 'ana', action: 'run.created', targetId: 'rolled-back' }, manager);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowCount()).toBe(before);
  });

  it('prunes old entries only through prune, which audits itself and leaves the log append-only', async () => {
    await emptyLog();
    for (let i = 0; i < 5; i++) await db.audit.append({ actor: 'ana', action: 'run.created', targetId: `old${i}` });
    const cut = new Date(Date.now() + 5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await db.audit.append({ actor: 'ana', action: 'run.created', targetId: 'young' });
    const deleted = await db.audit.prune({ before: cut, actor: 'admin', correlationId: 'req-prune' });
    expect(deleted).toBe(6); // five old entries and the setup prune's own entry
    const { entries } = await db.audit.list();
    expect(entries.map((e) => e.targetId ?? e.action)).toEqual(['audit.pruned', 'young']);
    expect(entries[0]).toMatchObject({ actor: 'admin', correlationId: 'req-prune', targetType: 'audit', details: { before: cut.toISOString(), deleted: 6 } });
    const [guard] = await db.dataSource.query(`SELECT COUNT(*) AS "n" FROM "audit_prune_guard"`);
    expect(Number(guard.n)).toBe(0);
    await expect(db.dataSource.query(`DELETE FROM "audit_log"`)).rejects.toThrow(/append-only/);
    await expect(db.audit.prune({ before: new Date(Number.NaN), actor: 'admin' })).rejects.toThrow(InvalidAuditEntryError);
    await expect(db.audit.prune({ before: new Date(), actor: '' })).rejects.toThrow(InvalidAuditEntryError);
  });

  it('lets concurrent prunes each finish (their guard rows never meet) and audits each', async () => {
    await emptyLog();
    for (let i = 0; i < 4; i++) await db.audit.append({ actor: 'ana', action: 'run.created' });
    const before = new Date(Date.now() + HOUR);
    const counts = await Promise.all([db.audit.prune({ before, actor: 'a1' }), db.audit.prune({ before, actor: 'a2' })]);
    // One ran first (the four entries and the setup's), the other then pruned the first one's own entry.
    expect([...counts].sort((a, b) => a - b)).toEqual([1, 5]);
    const { entries } = await db.audit.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'audit.pruned', actor: counts[0] === 1 ? 'a1' : 'a2', details: { deleted: 1 } });
    const [guard] = await db.dataSource.query(`SELECT COUNT(*) AS "n" FROM "audit_prune_guard"`);
    expect(Number(guard.n)).toBe(0);
  });
});
