import { DATABASE_KINDS, useServer } from './server-harness';

/** A config big enough that storing the run takes a while after the request is read (its keys are checked). */
const BIG_CONFIG = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`key${i}`, { nested: [i, `value ${i}`] }]));

describe.each(DATABASE_KINDS)('the times of a run created with POST /runs on %s', (kind) => {
  const api = useServer(kind);

  it('starts a run at the instant it is created: startedAt equals createdAt, never before it', async () => {
    for (const [i, config] of [undefined, BIG_CONFIG].entries()) {
      const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `times-${i}-${kind}`, projectId: `times-${i}`, config } });
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('running');
      expect(created.body.startedAt).toBe(created.body.createdAt);
      // As stored, and as a later read sends it.
      const read = await api.json(`/api/v1/runs/${created.body.id}`);
      expect([read.body.startedAt, read.body.createdAt]).toEqual([created.body.createdAt, created.body.createdAt]);
    }
  });
});
