import { DATABASE_KINDS, useServer } from './server-harness';
import { seedWorld, type World } from './access-world';

// A token scoped to projects imported an export into its own project whatever project the file named: a file of
// project beta sent by alpha's editor landed in alpha without a word, and a token of two projects was refused a file
// that named one of them ("name the project"). The file's project now counts as if named: kept when in the token's
// scope, refused with a 403 naming it (and how to import it into one's own project) when not.
describe.each(DATABASE_KINDS)("an import's own project, with a scoped token, on %s", (kind) => {
  const api = useServer(kind, { auth: 'tokens' });
  let w: World;
  let twoProjects: string;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `import-project-${kind}`);
    twoProjects = (await api.server.database.tokens.create({ name: `two-${kind}`, role: 'editor', projects: ['alpha', 'beta'], createdBy: 'test' })).secret;
  });

  /** The JSONL export of a seeded run with its project changed to `project` (or left out when null). */
  async function exportNaming(project: string | null): Promise<string> {
    const res = await api.request(`/api/v1/runs/${w.alpha.id}/export?format=jsonl`, { headers: { authorization: `Bearer ${w.tokens.admin}` } });
    const [runLine, ...rest] = (await res.text()).split('\n');
    const run = JSON.parse(runLine!);
    expect(run.llm_eval.project_id).toBe('alpha');
    run.llm_eval.project_id = project;
    return [JSON.stringify(run), ...rest].join('\n');
  }
  const upload = (token: string, body: string, query = '') =>
    api.json(`/api/v1/imports?allowDuplicate=true${query}`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` } });

  it("refuses a file of a project outside the token's scope, naming it and how to import it into one's own", async () => {
    const res = await upload(w.tokens.editor, await exportNaming('beta'));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(res.body.error.message).toContain('beta');
    expect(res.body.error.message).toContain('projectId');
    // Nothing was stored in alpha instead.
    const runs = await api.server.database.runs.listRuns({ projectId: 'alpha', limit: 1000 });
    expect(runs.runs.filter((r) => r.id !== w.alpha.id && r.name === w.alpha.name)).toEqual([]);
  });

  it('imports it into a project of the scope when the request names one (projectId)', async () => {
    const res = await upload(w.tokens.editor, await exportNaming('beta'), '&projectId=alpha');
    expect(res.status).toBe(201);
    expect(res.body.run.projectId).toBe('alpha');
  });

  it("keeps the file's project when it is one of the token's projects", async () => {
    const res = await upload(twoProjects, await exportNaming('beta'));
    expect(res.status).toBe(201);
    expect(res.body.run.projectId).toBe('beta');
  });

  it("puts a file without a project into the token's only project, as before", async () => {
    const res = await upload(w.tokens.editor, await exportNaming(null));
    expect(res.status).toBe(201);
    expect(res.body.run.projectId).toBe('alpha');
  });
});
