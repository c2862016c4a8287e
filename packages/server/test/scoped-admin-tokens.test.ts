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
