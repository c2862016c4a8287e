import { DATABASE_KINDS, useServer } from './server-harness';
import { logCapture, seedWorld, type World } from './access-world';

describe.each(DATABASE_KINDS)('attribution, audit rows and request ids on %s', (kind) => {
  const logs = logCapture();
  const api = useServer(kind, { auth: 'tokens', logger: { level: 'info', stream: logs.stream } });
  let w: World;
  /** What a seeded token is recorded as: its name and its id. */
  const actors = new Map<string, string>();
  const actor = (role: 'editor' | 'admin') => actors.get(`${role}-audit-${kind}`)!;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `audit-${kind}`);
    for (const t of await api.server.database.tokens.list()) actors.set(t.name, `token:${t.name}#${t.id}`);
  });

  const call = (token: string | null, path: string, init: RequestInit & { json?: unknown } = {}) =>
    api.json(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const entries = async (action: string) => (await api.server.database.audit.list({ action: action as never, limit: 1000 })).entries;

  it('records the creator of a run as the token (a non-admin cannot name another), an admin may name one', async () => {
    const editor = await call(w.tokens.editor, '/api/v1/runs', { method: 'POST', json: { name: 'by-editor', createdBy: 'mallory' } });
    expect(editor.status).toBe(201);
    // The editor of alpha alone: its run goes into alpha without naming it.
    expect(editor.body).toMatchObject({ createdBy: actor('editor'), projectId: 'alpha' });
    const admin = await call(w.tokens.admin, '/api/v1/runs', { method: 'POST', json: { name: 'by-admin', createdBy: 'ci-bot' } });
    expect(admin.body).toMatchObject({ createdBy: 'ci-bot', projectId: null });
    const plain = await call(w.tokens.admin, '/api/v1/runs', { method: 'POST', json: { name: 'by-admin-plain' } });
    expect(plain.body.createdBy).toBe(actor('admin'));
    const elsewhere = await call(w.tokens.other, '/api/v1/runs', { method: 'POST', json: { name: 'into-alpha', projectId: 'alpha' } });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('alpha') });
  });

  it('audits creates, cancels and deletes with the actor and the request id as correlation id, and echoes the id', async () => {
    const created = await call(w.tokens.editor, '/api/v1/runs', { method: 'POST', json: { name: 'audited' }, headers: { 'x-request-id': `create-${kind}-1` } });
    expect(created.headers.get('x-request-id')).toBe(`create-${kind}-1`);
    const id = created.body.id as string;
    const cancel = await call(w.tokens.editor, `/api/v1/runs/${id}/cancel`, { method: 'POST', headers: { 'x-request-id': `cancel-${kind}-1` } });
    expect(cancel.status).toBe(200);
    const del = await call(w.tokens.editor, `/api/v1/runs/${id}`, { method: 'DELETE', headers: { 'x-request-id': `delete-${kind}-1` } });
    expect(del.status).toBe(200);
    const by = actor('editor');
    expect((await entries('run.created')).find((e) => e.targetId === id)).toMatchObject({ actor: by, correlationId: `create-${kind}-1`, projectId: 'alpha' });
    expect((await entries('run.cancelled')).find((e) => e.targetId === id)).toMatchObject({ actor: by, correlationId: `cancel-${kind}-1` });
    expect((await entries('run.deleted')).find((e) => e.targetId === id)).toMatchObject({ actor: by, correlationId: `delete-${kind}-1` });
  });

  it('audits an import through the API', async () => {
    const exported = await api.request(`/api/v1/runs/${w.alpha.id}/export?format=jsonl`, { headers: { authorization: `Bearer ${w.tokens.admin}` } });
    const upload = await api.json('/api/v1/imports?allowDuplicate=true', {
      method: 'POST',
      body: await exported.text(),
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${w.tokens.editor}`, 'x-request-id': `import-${kind}` },
    });
    expect(upload.status).toBe(201);
    expect(upload.body.run).toMatchObject({ projectId: 'alpha', createdBy: actor('editor') });
    expect((await entries('run.imported')).find((e) => e.targetId === upload.body.runId)).toMatchObject({
      actor: actor('editor'),
      correlationId: `import-${kind}`,
    });
  });

  it('replaces a request id that is not a short token with a generated one', async () => {
    const res = await call(w.tokens.viewer, '/api/v1/runs?limit=1', { headers: { 'x-request-id': 'has spaces "and quotes"' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('tells a header that is not a bearer credential from a bearer token that is not an API token', async () => {
    const notBearer = await api.json('/api/v1/runs', { headers: { authorization: 'Token lle_wrong' } });
    expect([notBearer.status, notBearer.body.error.message]).toEqual([401, expect.stringMatching(/^The Authorization header is not a bearer token/)]);
    const notApiToken = await call('lle_wrong', '/api/v1/runs');
    expect([notApiToken.status, notApiToken.body.error.message]).toEqual([401, expect.stringMatching(/^The bearer token is not an llm-eval API token.*"lle_" and 43 more characters/)]);
    expect(notApiToken.body.error.message).not.toContain('lle_wrong');
    // A Bearer credential whose token has characters no token has was told its header was not a bearer token.
    const oddToken = await call(`lle_bogus'"<script>`, '/api/v1/runs');
    expect([oddToken.status, oddToken.body.error.message]).toEqual([401, expect.stringMatching(/^The bearer token is not an llm-eval API token/)]);
    expect(oddToken.body.error.message).not.toContain('<script>');
  });

  it('audits failed authentications once per address and reason a minute, with the token prefix but never the secret', async () => {
    const wrong = `lle_${'B'.repeat(43)}`;
    for (let i = 0; i < 3; i++) expect((await call(wrong, '/api/v1/runs')).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await call(w.tokens.revoked, '/api/v1/runs')).status).toBe(401);
    expect((await api.json('/api/v1/runs', { headers: { authorization: 'Token nope' } })).status).toBe(401);
    const failed = await entries('auth.failed');
    const byReason = (reason: string) => failed.filter((e) => e.details?.reason === reason);
    expect(byReason('unknown')).toHaveLength(1);
    expect(byReason('unknown')[0]).toMatchObject({ outcome: 'denied', details: { tokenPrefix: wrong.slice(0, 12) } });
    expect(byReason('revoked')).toHaveLength(1);
    expect(byReason('revoked')[0]!.details).toMatchObject({ tokenPrefix: w.tokens.revoked.slice(0, 12) });
    expect(byReason('malformed')).toHaveLength(1);
    expect(byReason('malformed')[0]!.details).not.toHaveProperty('tokenPrefix');
    const text = JSON.stringify(failed);
    expect(text).not.toContain(wrong);
    for (const secret of w.secrets) expect(text).not.toContain(secret);
  });

  it('lets admins create (the secret once), list and revoke tokens and read the audit log; the new token works at once', async () => {
    const created = await call(w.tokens.admin, '/api/v1/tokens', { method: 'POST', json: { name: 'made-by-api', role: 'viewer', projects: ['beta'] } });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^lle_/);
    expect(created.body.token).toMatchObject({ name: 'made-by-api', role: 'viewer', projects: ['beta'], createdBy: actor('admin') });
    const runs = await call(secret, '/api/v1/runs');
    expect(runs.body.runs.map((r: { id: string }) => r.id)).toEqual([w.beta.id]);

    const list = await call(w.tokens.admin, '/api/v1/tokens');
    expect(list.body.tokens.map((t: { name: string }) => t.name)).toContain('made-by-api');
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const revoked = await call(w.tokens.admin, `/api/v1/tokens/${created.body.token.id}`, { method: 'DELETE' });
    expect(revoked.body.revoked.revokedAt).not.toBeNull();
    expect((await call(secret, '/api/v1/runs')).status).toBe(401);
    expect((await call(w.tokens.admin, `/api/v1/tokens/${created.body.token.id}`, { method: 'DELETE' })).status).toBe(409);

    const audit = await call(w.tokens.admin, '/api/v1/audit?action=token.created&limit=10');
    expect(audit.status).toBe(200);
    expect(audit.body.entries[0]).toMatchObject({ action: 'token.created', actor: actor('admin'), targetId: created.body.token.id });
    expect(JSON.stringify(audit.body)).not.toContain(secret);
    expect(logs.text()).not.toContain(secret);
  });

  it('lets admins set, read and clear a project\'s retention policy, audited', async () => {
    const admin = (path: string, init: RequestInit & { json?: unknown } = {}) => call(w.tokens.admin, path, init);
    expect((await admin('/api/v1/projects/alpha/retention')).body).toEqual({ policy: null });
    const set = await admin('/api/v1/projects/alpha/retention', { method: 'PUT', json: { maxAgeDays: 30, statuses: ['failed'] } });
    expect(set.body.policy).toMatchObject({ projectId: 'alpha', maxAgeDays: 30, statuses: ['failed'], updatedBy: actor('admin') });
    expect((await admin('/api/v1/projects/alpha/retention')).body.policy.maxAgeDays).toBe(30);
    expect((await admin('/api/v1/projects/alpha/retention', { method: 'DELETE' })).body).toEqual({ cleared: true });
    expect((await admin('/api/v1/projects/alpha/retention', { method: 'DELETE' })).body).toEqual({ cleared: false });
    expect((await entries('retention.set')).some((e) => e.projectId === 'alpha')).toBe(true);
    expect((await entries('retention.cleared')).some((e) => e.projectId === 'alpha')).toBe(true);
    const invalid = await admin('/api/v1/projects/alpha/retention', { method: 'PUT', json: { maxAgeDays: 0 } });
    expect(invalid.status).toBe(400);
  });

  // A typo (`alpah`) set a policy that protects nothing: stored, audited, and applied by `runs prune --apply-policies`.
  // A scoped admin's PUT of another project's policy was a 404 saying the project does not exist (false: beta exists),
  // while GET and DELETE said 403. PUT answers as they do, of a project outside its scope that exists or not alike.
  it('refuses a retention policy for a project that does not exist (404), and one outside a scoped admin\'s projects as GET does (403)', async () => {
    const scoped = await api.server.database.tokens.create({ name: `alpha-admin-${kind}`, role: 'admin', projects: ['alpha', 'gamma'], createdBy: 'test' });
    const put = (token: string, project: string) => call(token, `/api/v1/projects/${project}/retention`, { method: 'PUT', json: { maxAgeDays: 9 } });
    const missing = await put(w.tokens.admin, 'alpah');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: 'not_found',
      message: 'Project alpah does not exist, so no retention policy was set; GET /api/v1/projects lists the projects.',
      details: { project: 'alpah' },
    });
    // A scoped admin is answered of a project outside its scope (beta exists; delta does not) exactly as GET answers:
    // 403, the same text whether the project exists or not. A project of its scope that does not exist is a 404.
    const outside = await put(scoped.secret, 'beta');
    const outsideMissing = await put(scoped.secret, 'delta');
    const get = await call(scoped.secret, '/api/v1/projects/beta/retention');
    const inScopeMissing = await put(scoped.secret, 'gamma');
    expect([get.status, outside.status]).toEqual([403, 403]);
    expect(outside.body).toEqual(get.body);
    expect(outside.body.error).toEqual({ code: 'forbidden', message: expect.stringMatching(/ manages retention of its own projects only\.$/), details: { project: 'beta' } });
    expect(outsideMissing.status).toBe(403);
    expect(JSON.stringify(outsideMissing.body).replaceAll('delta', 'beta')).toBe(JSON.stringify(outside.body));
    expect([inScopeMissing.status, inScopeMissing.body.error.message]).toEqual([404, 'Project gamma does not exist, so no retention policy was set; GET /api/v1/projects lists the projects.']);
    for (const project of ['alpah', 'beta', 'gamma', 'delta']) expect(await api.server.database.retention.get(project)).toBeNull();
    expect((await entries('retention.set')).filter((e) => ['alpah', 'beta', 'gamma', 'delta'].includes(e.projectId ?? e.targetId ?? ''))).toEqual([]);
    // The project it manages still takes one.
    const own = await put(scoped.secret, 'alpha');
    expect(own.status).toBe(200);
    expect(own.body.policy).toMatchObject({ projectId: 'alpha', maxAgeDays: 9 });
    expect((await call(w.tokens.admin, '/api/v1/projects/alpha/retention', { method: 'DELETE' })).body).toEqual({ cleared: true });
  });

  it('audits a change of a run\'s name, tags or description as run.updated, with each changed field before and after', async () => {
    const run = await w.freshAlphaRun('patched');
    await api.server.database.runs.updateRun(run.id, { tags: ['old'], description: 'before' });
    const patch = await call(w.tokens.editor, `/api/v1/runs/${run.id}`, {
      method: 'PATCH',
      json: { name: 'renamed', tags: ['new', 'old'], description: 'after' },
      headers: { 'x-request-id': `patch-${kind}-1` },
    });
    expect(patch.status).toBe(200);
    const [entry, ...more] = (await entries('run.updated')).filter((e) => e.targetId === run.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: actor('editor'),
      targetType: 'run',
      projectId: 'alpha',
      correlationId: `patch-${kind}-1`,
      outcome: 'success',
      details: {
        name: 'renamed',
        changes: {
          name: { from: run.name, to: 'renamed' },
          tags: { from: ['old'], to: ['new', 'old'] },
          description: { from: 'before', to: 'after' },
        },
      },
    });
    // Only what changed is listed; a description cleared is null.
    await call(w.tokens.editor, `/api/v1/runs/${run.id}`, { method: 'PATCH', json: { name: 'renamed', description: null } });
    const latest = (await entries('run.updated')).filter((e) => e.targetId === run.id);
    expect(latest).toHaveLength(2);
    expect(latest[0]!.details).toEqual({ name: 'renamed', changes: { description: { from: 'after', to: null } } });
    // A refused change (not found, invalid) leaves no entry.
    expect((await call(w.tokens.editor, `/api/v1/runs/${run.id}`, { method: 'PATCH', json: { name: '' } })).status).toBe(400);
    expect((await call(w.tokens.other, `/api/v1/runs/${run.id}`, { method: 'PATCH', json: { name: 'x' } })).status).toBe(404);
    expect((await entries('run.updated')).filter((e) => e.targetId === run.id)).toHaveLength(2);
  });

  it('keeps a run.updated entry small: a long description is cut in the entry, never in the run', async () => {
    const run = await w.freshAlphaRun('long-description');
    const long = 'd'.repeat(100_000);
    const patch = await call(w.tokens.editor, `/api/v1/runs/${run.id}`, { method: 'PATCH', json: { description: long } });
    expect(patch.status).toBe(200);
    expect(patch.body.description).toBe(long);
    const [entry] = (await entries('run.updated')).filter((e) => e.targetId === run.id);
    const change = (entry!.details as { changes: { description: { from: unknown; to: string } } }).changes.description;
    expect(change.from).toBeNull();
    expect(change.to).toBe(`${'d'.repeat(999)}…`);
    expect(JSON.stringify(entry!.details).length).toBeLessThan(2_000);
  });
});
