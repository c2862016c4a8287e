import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';
import { seedWorld, type World } from './access-world';

/** A JSON request with a bearer token. */
function as(api: TestServer, token: string) {
  return <T = any>(path: string, init: RequestInit & { json?: unknown } = {}) =>
    api.json<T>(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });
}

const MISSING_TOKEN_ID = '00000000-0000-4000-8000-000000000000';

describe.each(DATABASE_KINDS)('tokens managed by an admin of some projects on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens' });
  let w: World;
  /** Secret of an admin of project alpha only. */
  let alphaAdmin = '';
  /** A token of project beta: outside the alpha admin's reach. */
  let betaTokenId = '';

  beforeAll(async () => {
    w = await seedWorld(api.server.database, `scoped-admin-${kind}`);
    alphaAdmin = (await api.server.database.tokens.create({ name: `alpha-admin-${kind}`, role: 'admin', projects: ['alpha'], createdBy: 'test' })).secret;
    betaTokenId = (await api.server.database.tokens.create({ name: `beta-ci-${kind}`, role: 'editor', projects: ['beta'], createdBy: 'test' })).token.id;
  });

  it("answers DELETE of another project's token by its full id with the 404 of a missing token, quoting the id whole", async () => {
    const call = as(api, alphaAdmin);
    const foreign = await call(`/api/v1/tokens/${betaTokenId}`, { method: 'DELETE' });
    const missing = await call(`/api/v1/tokens/${MISSING_TOKEN_ID}`, { method: 'DELETE' });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(foreign.body.error.message).toContain(`"${betaTokenId}"`);
    expect(JSON.stringify(foreign.body).split(betaTokenId).join('<id>')).toBe(JSON.stringify(missing.body).split(MISSING_TOKEN_ID).join('<id>'));
    // An admin of every project is told the same of a token that does not exist.
    const everyProject = await as(api, w.tokens.admin)(`/api/v1/tokens/${MISSING_TOKEN_ID}`, { method: 'DELETE' });
    expect(everyProject.body).toEqual(missing.body);
    // And the beta token is still there.
    const tokens = await as(api, w.tokens.admin)('/api/v1/tokens');
    expect(tokens.body.tokens.find((t: { id: string }) => t.id === betaTokenId).revokedAt).toBeNull();
  });

  it('quotes a reference the way a missing token is quoted: control characters escaped, an absurd length cut, a secret by its prefix', async () => {
    for (const reference of ['bad\u0001\u001b[31mred\u007f', 'x'.repeat(100), `${w.tokens.other}`]) {
      const scoped = await as(api, alphaAdmin)(`/api/v1/tokens/${encodeURIComponent(reference)}`, { method: 'DELETE' });
      const everyProject = await as(api, w.tokens.admin)(`/api/v1/tokens/${encodeURIComponent(reference)}`, { method: 'DELETE' });
      expect(scoped.status).toBe(404);
      expect(scoped.body.error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(scoped.body.error.message.length).toBeLessThan(200);
      expect(scoped.body.error.message).not.toContain(w.tokens.other);
      if (reference !== w.tokens.other) expect(scoped.body).toEqual(everyProject.body);
    }
  });

  it('revokes a token of its own projects named by its secret, and never sends the secret back', async () => {
    const created = await api.server.database.tokens.create({ name: `alpha-by-secret-${kind}`, role: 'viewer', projects: ['alpha'], createdBy: 'test' });
    const call = as(api, alphaAdmin);
    const res = await call(`/api/v1/tokens/${created.secret}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.body.revoked.id).toBe(created.token.id);
    expect(res.body.revoked.revokedAt).not.toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(created.secret.slice(12));
    expect((await as(api, created.secret)('/api/v1/runs')).status).toBe(401);
    // Again: the 409 of a token revoked before, without the secret either.
    const again = await call(`/api/v1/tokens/${created.secret}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).not.toContain(created.secret.slice(12));
  });

  it("answers the secret of another project's token, or a wrong secret of its own token's prefix, as a missing token", async () => {
    const beta = await api.server.database.tokens.create({ name: `beta-by-secret-${kind}`, role: 'viewer', projects: ['beta'], createdBy: 'test' });
    const alpha = await api.server.database.tokens.create({ name: `alpha-kept-${kind}`, role: 'viewer', projects: ['alpha'], createdBy: 'test' });
    const last = alpha.secret.at(-1) === 'A' ? 'B' : 'A';
    const wrongSecret = alpha.secret.slice(0, -1) + last;
    const unknownSecret = `lle_${'Z'.repeat(43)}`;
    const call = as(api, alphaAdmin);
    const answers = [];
    for (const secret of [beta.secret, wrongSecret, unknownSecret]) {
      const res = await call(`/api/v1/tokens/${secret}`, { method: 'DELETE' });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(secret.slice(12));
      answers.push(JSON.stringify(res.body).split(secret.slice(0, 12)).join('<prefix>'));
    }
    expect(new Set(answers).size).toBe(1);
    const tokens = await as(api, w.tokens.admin)('/api/v1/tokens');
    for (const id of [beta.token.id, alpha.token.id]) expect(tokens.body.tokens.find((t: { id: string }) => t.id === id).revokedAt).toBeNull();
  });

  it.each([[['*']], [['alpha', '*']], ['*'], [['beta']], [['alpha', 'beta']], [['not a project!']]])(
    'refuses a token granting %j with a 403 saying it may grant only its own projects',
    async (projects) => {
      const res = await as(api, alphaAdmin)('/api/v1/tokens', { method: 'POST', json: { name: 'too-wide', role: 'viewer', projects } });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.body.error.message).toMatch(/may grant only its own projects/);
      expect(res.body.error.message).toContain('alpha');
      expect(res.body.error.details.field).toBe('projects');
    },
  );

  it('creates a token of its own projects', async () => {
    const res = await as(api, alphaAdmin)('/api/v1/tokens', { method: 'POST', json: { name: 'alpha-ci', role: 'viewer', projects: ['alpha'] } });
    expect(res.status).toBe(201);
    expect(res.body.token.projects).toEqual(['alpha']);
  });

  it('tells an admin of every project that "*" is given alone, not in a list', async () => {
    const res = await as(api, w.tokens.admin)('/api/v1/tokens', { method: 'POST', json: { name: 'everything', role: 'viewer', projects: ['*'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('body.projects');
    expect(res.body.error.message).toMatch(/"projects": "\*"/);
  });
});
