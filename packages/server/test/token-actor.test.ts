import { DATABASE_KINDS, useServer } from './server-harness';

// Token names are labels several tokens may share: whoever may create a token can give it another's name. Audit rows
// and createdBy must still tell the two apart, and the audit log's actor filter must find each.
describe.each(DATABASE_KINDS)('a token is recorded by name and id, so a namesake cannot pass for it, on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens' });
  const name = `ci-${kind}`;
  let victim: { secret: string; id: string };
  let namesake: { secret: string; id: string };
  let lookalike: { secret: string; id: string };
  let admin: string;

  const call = (token: string, path: string, init: RequestInit & { json?: unknown } = {}) =>
    api.json(path, { ...init, headers: { authorization: `Bearer ${token}` } });
  const actorsOf = async (filter: string) => {
    const page = await call(admin, `/api/v1/audit?action=run.created&limit=1000&actor=${encodeURIComponent(filter)}`);
    expect(page.status).toBe(200);
    return (page.body.entries as Array<{ actor: string }>).map((e) => e.actor).sort();
  };

  beforeAll(async () => {
    const db = api.server.database;
    admin = (await db.tokens.create({ name: 'root', role: 'admin', projects: '*', createdBy: 'test' })).secret;
    const created = async (tokenName: string) => {
      const t = await db.tokens.create({ name: tokenName, role: 'editor', projects: ['alpha'], createdBy: 'test' });
      return { secret: t.secret, id: t.token.id };
    };
    victim = await created(name);
    namesake = await created(name);
    // A name that ends like the victim's actor: the id is always the actor's last 36 characters.
    lookalike = await created(`${name}#${victim.id}`);
    // A row written before actors carried the id.
    await db.audit.append({ actor: `token:${name}`, action: 'run.created', targetType: 'run', targetId: 'old-row' });
  });

  it("records each token's own id with its name as createdBy and as the audit actor", async () => {
    const runs: Record<string, { id: string; createdBy: string }> = {};
    for (const [who, token] of [['victim', victim], ['namesake', namesake], ['lookalike', lookalike]] as const) {
      const res = await call(token.secret, '/api/v1/runs', { method: 'POST', json: { name: `run-of-${who}` } });
      expect(res.status).toBe(201);
      runs[who] = res.body;
    }
    expect(runs.victim!.createdBy).toBe(`token:${name}#${victim.id}`);
    expect(runs.namesake!.createdBy).toBe(`token:${name}#${namesake.id}`);
    expect(runs.lookalike!.createdBy).toBe(`token:${name}#${victim.id}#${lookalike.id}`);
    expect(new Set(Object.values(runs).map((r) => r.createdBy)).size).toBe(3);

    const entries = (await api.server.database.audit.list({ action: 'run.created', limit: 1000 })).entries;
    for (const run of Object.values(runs)) expect(entries.find((e) => e.targetId === run.id)?.actor).toBe(run.createdBy);
  });

  it('filters by one token (name#id) or by every token of a name (name alone, old rows included)', async () => {
    expect(await actorsOf(`token:${name}#${victim.id}`)).toEqual([`token:${name}#${victim.id}`]);
    expect(await actorsOf(`token:${name}#${namesake.id}`)).toEqual([`token:${name}#${namesake.id}`]);
    expect(await actorsOf(`token:${name}`)).toEqual([`token:${name}`, `token:${name}#${namesake.id}`, `token:${name}#${victim.id}`].sort());
    expect(await actorsOf(`token:${name}#${victim.id}#${lookalike.id}`)).toEqual([`token:${name}#${victim.id}#${lookalike.id}`]);
    // A shorter name is another name, and a name's case matters.
    expect(await actorsOf(`token:${name.slice(0, -1)}`)).toEqual([]);
    expect(await actorsOf(`token:${name.toUpperCase()}`)).toEqual([]);
  });
});
