import {
  InvalidTokenOptionError,
  TokenAlreadyRevokedError,
  TokenNotFoundError,
  type ApiTokenInfo,
  type Database,
} from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const MINUTE = 60_000;

describe.each(DATABASE_KINDS)('API tokens on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });

  /** Every text thrown or returned while a test ran, to look for secrets in. */
  const seen: string[] = [];
  async function capture<T>(promise: Promise<T>): Promise<T | Error> {
    try {
      const value = await promise;
      seen.push(JSON.stringify(value));
      return value;
    } catch (error) {
      seen.push(String((error as Error).message), String((error as Error).stack));
      return error as Error;
    }
  }

  async function auditActions(): Promise<string[]> {
    const rows: Array<{ action: string }> = await db.dataSource.query(`SELECT "action" FROM "audit_log" ORDER BY "id"`);
    return rows.map((r) => r.action);
  }

  it('creates a token whose secret is shown once and stored only as its sha256', async () => {
    const { token, secret } = await db.tokens.create({ name: 'ci', projects: ['alpha', 'beta'], role: 'editor', createdBy: 'ana' });
    expect(secret).toMatch(/^lle_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'ci', role: 'editor', projects: ['alpha', 'beta'], createdBy: 'ana', prefix: secret.slice(0, 12) });
    expect(token.expiresAt).toBeNull();
    expect(token.revokedAt).toBeNull();
    expect(token.lastUsedAt).toBeNull();
    const [row] = await db.dataSource.query(`SELECT * FROM "api_tokens" WHERE "id" = ${kind === 'postgres' ? '$1' : '?'}`, [token.id]);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret.slice(12));
    const { createHash } = await import('node:crypto');
    expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
  });

  it('gives two tokens different secrets', async () => {
    const a = await db.tokens.create({ name: 'a', projects: '*', role: 'viewer' });
    const b = await db.tokens.create({ name: 'a', projects: '*', role: 'viewer' });
    expect(a.secret).not.toBe(b.secret);
    expect(a.token.projects).toBe('*');
  });

  it('authenticates its secret, and nothing else', async () => {
    const { token, secret } = await db.tokens.create({ name: 'auth', projects: ['alpha'], role: 'viewer' });
    const ok = await db.tokens.authenticate(secret);
    expect(ok).toMatchObject({ ok: true, token: { id: token.id, role: 'viewer', projects: ['alpha'] } });
    const other = `lle_${'A'.repeat(43)}`;
    await expect(db.tokens.authenticate(other)).resolves.toEqual({ ok: false, reason: 'unknown' });
    const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    await expect(db.tokens.authenticate(flipped)).resolves.toEqual({ ok: false, reason: 'unknown' });
  });

  it.each([
    ['empty', ''],
    ['without the prefix', 'A'.repeat(47)],
    ['too short', 'lle_abc'],
    ['too long', `lle_${'A'.repeat(44)}`],
    ['with SQL in it', `lle_' OR 1=1 --${'A'.repeat(28)}`],
    ['with a NUL', `lle_${'A'.repeat(42)}\u0000`],
  ])('calls a secret %s malformed without asking the database', async (_, secret) => {
    const query = jest.spyOn(db.dataSource, 'query');
    const find = jest.spyOn(db.dataSource, 'getRepository');
    try {
      await expect(db.tokens.authenticate(secret)).resolves.toEqual({ ok: false, reason: 'malformed' });
      expect(query).not.toHaveBeenCalled();
      expect(find).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
      find.mockRestore();
    }
  });

  it('refuses a revoked token, and revoking twice says it is already revoked', async () => {
    const { token, secret } = await db.tokens.create({ name: 'gone', projects: '*', role: 'admin' });
    const revoked = await db.tokens.revoke(token.id, { actor: 'ana', correlationId: 'req-1' });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    await expect(db.tokens.authenticate(secret)).resolves.toEqual({ ok: false, reason: 'revoked' });
    const again = await capture(db.tokens.revoke(token.id));
    expect(again).toBeInstanceOf(TokenAlreadyRevokedError);
    expect((again as Error).message).toMatch(/already revoked/);
    expect((await db.tokens.get(token.id))!.revokedAt).toEqual(revoked.revokedAt);
  });

  it('revokes by the displayed prefix and by the secret itself', async () => {
    const a = await db.tokens.create({ name: 'by-prefix', projects: '*', role: 'viewer' });
    const b = await db.tokens.create({ name: 'by-secret', projects: '*', role: 'viewer' });
    expect((await db.tokens.revoke(a.token.prefix)).id).toBe(a.token.id);
    expect((await db.tokens.revoke(b.secret)).id).toBe(b.token.id);
    await expect(db.tokens.authenticate(a.secret)).resolves.toMatchObject({ reason: 'revoked' });
    await expect(db.tokens.authenticate(b.secret)).resolves.toMatchObject({ reason: 'revoked' });
  });

  it('says which token it could not find, without repeating a secret', async () => {
    const missing = await capture(db.tokens.revoke('00000000-0000-4000-8000-000000000000'));
    expect(missing).toBeInstanceOf(TokenNotFoundError);
    const unknownSecret = `lle_${'Z'.repeat(43)}`;
    const bySecret = await capture(db.tokens.revoke(unknownSecret));
    expect(bySecret).toBeInstanceOf(TokenNotFoundError);
    expect((bySecret as Error).message).not.toContain(unknownSecret);
    expect((bySecret as Error).message).not.toContain('Z'.repeat(10));
    const garbage = await capture(db.tokens.revoke(`x'; DROP TABLE "api_tokens"; --\n${'y'.repeat(10_000)}`));
    expect(garbage).toBeInstanceOf(TokenNotFoundError);
    expect((garbage as Error).message.length).toBeLessThan(200);
  });

  it('refuses an expired token', async () => {
    const { secret } = await db.tokens.create({ name: 'short', projects: '*', role: 'viewer', expiresAt: new Date(Date.now() + MINUTE) });
    await expect(db.tokens.authenticate(secret)).resolves.toMatchObject({ ok: true });
    await expect(db.tokens.authenticate(secret, new Date(Date.now() + 2 * MINUTE))).resolves.toEqual({ ok: false, reason: 'expired' });
  });

  it('records the time of use at most once a minute', async () => {
    const { token, secret } = await db.tokens.create({ name: 'used', projects: '*', role: 'viewer' });
    const t0 = new Date(Date.now() + 1000);
    await db.tokens.authenticate(secret, t0);
    expect((await db.tokens.get(token.id))!.lastUsedAt).toEqual(t0);
    await db.tokens.authenticate(secret, new Date(t0.getTime() + 30_000));
    expect((await db.tokens.get(token.id))!.lastUsedAt).toEqual(t0);
    const t2 = new Date(t0.getTime() + 61_000);
    const result = await db.tokens.authenticate(secret, t2);
    expect(result).toMatchObject({ ok: true, token: { lastUsedAt: t2 } });
    expect((await db.tokens.get(token.id))!.lastUsedAt).toEqual(t2);
  });

  it('lists tokens newest first, never with a secret or its hash', async () => {
    const created = await db.tokens.create({ name: 'listed', projects: ['alpha'], role: 'viewer' });
    const list = await db.tokens.list();
    expect(list[0]!.id).toBe(created.token.id);
    const keys = new Set(list.flatMap((t) => Object.keys(t)));
    expect([...keys].sort()).toEqual(
      ['createdAt', 'createdBy', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'projects', 'revokedAt', 'role'].sort(),
    );
    const text = JSON.stringify(list);
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain(created.secret.slice(12));
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it.each([
    ['name', { name: '' }],
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(101) }],
    ['name', { name: 'x'.repeat(10_000) }],
    ['name', { name: 'nul\u0000byte' }],
    ['name', { name: 'line\nbreak' }],
    ['role', { role: 'root' }],
    ['projects', { projects: [] }],
    ['projects', { projects: ['alpha', 'not a slug'] }],
    ['projects', { projects: ["'; DROP TABLE runs; --"] }],
    ['projects', { projects: 'alpha' }],
    ['expiresAt', { expiresAt: new Date(Date.now() - 1000) }],
    ['expiresAt', { expiresAt: new Date(Number.NaN) }],
  ] as Array<[string, Record<string, unknown>]>)('refuses an invalid %s (case %#) and stores nothing', async (field, patch) => {
    const before = await db.tokens.list();
    const error = await capture(db.tokens.create({ name: 'ok', projects: '*', role: 'viewer', ...patch } as never));
    expect(error).toBeInstanceOf(InvalidTokenOptionError);
    expect((error as InvalidTokenOptionError).field).toBe(field);
    expect((error as Error).message).toContain(field);
    expect(await db.tokens.list()).toHaveLength(before.length);
  });

  it('stores a name with quotes and unusual characters faithfully', async () => {
    const name = `it's "quoted"; DROP TABLE x; -- \u00e9\u{1F600}`;
    const { token } = await db.tokens.create({ name, projects: '*', role: 'viewer' });
    expect((await db.tokens.get(token.id))!.name).toBe(name);
  });

  it('audits creation and revocation in their transactions, and nothing for reads', async () => {
    const before = await auditActions();
    const { token, secret } = await db.tokens.create({ name: 'audited', projects: ['alpha'], role: 'editor' }, { actor: 'ana', correlationId: 'c-1' });
    await db.tokens.authenticate(secret);
    await db.tokens.authenticate('nope');
    await db.tokens.list();
    await db.tokens.get(token.id);
    await db.tokens.revoke(token.id, { actor: 'bo', correlationId: 'c-2' });
    await db.tokens.revoke(token.id, { actor: 'bo' }).catch(() => undefined);
    const after = await auditActions();
    expect(after.slice(before.length)).toEqual(['token.created', 'token.revoked']);
    const { entries } = await db.audit.list({ limit: 2 });
    expect(entries.map((e) => [e.action, e.actor, e.correlationId, e.targetId])).toEqual([
      ['token.revoked', 'bo', 'c-2', token.id],
      ['token.created', 'ana', 'c-1', token.id],
    ]);
    expect(JSON.stringify(entries)).not.toContain(secret);
  });

  it('audits a creation without an audit context under its creator', async () => {
    const { token } = await db.tokens.create({ name: 'plain', projects: '*', role: 'viewer', createdBy: 'os-user' });
    const { entries } = await db.audit.list({ action: 'token.created', limit: 1 });
    expect(entries[0]).toMatchObject({ actor: 'os-user', targetType: 'token', targetId: token.id, outcome: 'success' });
    expect(entries[0]!.details).toMatchObject({ name: 'plain', role: 'viewer', projects: '*' });
  });

  it('never showed a secret in any result or error above', () => {
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.join('\n')).not.toMatch(/lle_[A-Za-z0-9_-]{43}/);
  });

  // Type-level check: the info type carries no secret or hash field.
  const _noSecret: keyof ApiTokenInfo extends 'secret' | 'secretHash' ? never : true = true;
  void _noSecret;
});
