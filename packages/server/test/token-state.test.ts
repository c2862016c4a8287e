import { ApiToken } from '@llm-eval/models';
import { DATABASE_KINDS, useServer } from './server-harness';
import type { OpenApiDocument } from './openapi-document';

// `llm-eval tokens list --json` gives each token a state (active, expired or revoked; revoked beats expired) and the
// README says the API's fields are the CLI's --json fields, but GET /api/v1/tokens had no state: a client had to work
// it out from expiresAt and revokedAt itself.
describe.each(DATABASE_KINDS)('the state of API tokens on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens' });
  let admin = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = api.server.database;
    const create = async (name: string) => db.tokens.create({ name: `${name}-${kind}`, role: 'viewer', projects: '*', createdBy: 'test' });
    admin = (await db.tokens.create({ name: `admin-${kind}`, role: 'admin', projects: '*', createdBy: 'test' })).secret;
    const active = await create('active');
    const later = await db.tokens.create({ name: `expires-later-${kind}`, role: 'viewer', projects: '*', createdBy: 'test', expiresAt: new Date(Date.now() + 86_400_000) });
    const expired = await create('expired');
    await db.dataSource.getRepository(ApiToken).update({ id: expired.token.id }, { expiresAt: new Date(Date.now() - 60_000) });
    const revoked = await create('revoked');
    await db.tokens.revoke(revoked.token.id);
    const both = await create('revoked-and-expired');
    await db.tokens.revoke(both.token.id);
    await db.dataSource.getRepository(ApiToken).update({ id: both.token.id }, { expiresAt: new Date(Date.now() - 60_000) });
    Object.assign(ids, { active: active.token.id, later: later.token.id, expired: expired.token.id, revoked: revoked.token.id, both: both.token.id });
  });

  const call = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    api.json(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${admin}` } });

  it('GET /tokens gives each token its state: active, expired or revoked (revoked beats expired)', async () => {
    const res = await call('/api/v1/tokens');
    expect(res.status).toBe(200);
    const state = (id: string) => res.body.tokens.find((t: { id: string }) => t.id === id)?.state;
    expect({
      active: state(ids.active!),
      later: state(ids.later!),
      expired: state(ids.expired!),
      revoked: state(ids.revoked!),
      both: state(ids.both!),
    }).toEqual({ active: 'active', later: 'active', expired: 'expired', revoked: 'revoked', both: 'revoked' });
    for (const token of res.body.tokens) expect(['active', 'expired', 'revoked']).toContain(token.state);
  });

  it('POST /tokens answers the new token as active, DELETE /tokens/:id the revoked one as revoked', async () => {
    const created = await call('/api/v1/tokens', { method: 'POST', json: { name: `made-${kind}`, role: 'viewer', projects: '*' } });
    expect(created.status).toBe(201);
    expect(created.body.token.state).toBe('active');
    const revoked = await call(`/api/v1/tokens/${created.body.token.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked.state).toBe('revoked');
  });

  it('documents state in the ApiToken schema of the OpenAPI document', async () => {
    const doc = (await api.json<OpenApiDocument>('/api/openapi.json')).body;
    const schema = doc.components?.schemas?.ApiToken;
    expect(schema?.properties?.state?.enum).toEqual(['active', 'expired', 'revoked']);
    expect(schema?.required).toContain('state');
  });
});
