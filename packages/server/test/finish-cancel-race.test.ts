import { DATABASE_KINDS, useServer } from './server-harness';

// Finishes and cancels of one run racing each other (a client retrying, a user pressing cancel): exactly one settles
// the run, every 200 answer says the state it really ended in, the others are 409s, and an identical retry is a 200.
// Before, a finish overwrote a cancel already answered 200 and audited, and two identical finishes could get a 400
// quoting a unique constraint.
describe.each(DATABASE_KINDS)('finish and cancel racing on %s', (kind) => {
  const api = useServer(kind);

  it('settles each run once; every answer agrees with the stored end', async () => {
    for (let round = 0; round < 8; round++) {
      const created = await api.json<{ id: string }>('/api/v1/runs', { method: 'POST', json: { name: `race-${round}`, metricsUsed: ['m'] } });
      const id = created.body.id;
      await api.json(`/api/v1/runs/${id}/items`, { method: 'POST', json: { items: [{ itemId: 'a', scores: { m: 1 } }, { itemId: 'b', scores: { m: 0 } }] } });
      const answers = await Promise.all([
        api.json(`/api/v1/runs/${id}/finish`, { method: 'POST', json: { status: 'completed' } }),
        api.json(`/api/v1/runs/${id}/finish`, { method: 'POST', json: { status: 'completed' } }),
        api.json(`/api/v1/runs/${id}/finish`, { method: 'POST', json: { status: 'failed' } }),
        api.json(`/api/v1/runs/${id}/cancel`, { method: 'POST', json: { reason: 'stop' } }),
      ]);
      const final = (await api.json<{ status: string; metrics: unknown[]; totalItems: number }>(`/api/v1/runs/${id}`)).body;
      expect(['completed', 'failed', 'cancelled']).toContain(final.status);
      for (const answer of answers) {
        expect([200, 409]).toContain(answer.status);
        if (answer.status === 200) expect(answer.body.status).toBe(final.status);
        else expect(answer.body.error.message).not.toMatch(/constraint|duplicate key/i);
      }
      // The two identical finishes agree with each other.
      expect(answers[0]!.status).toBe(answers[1]!.status);
      // Whoever won, the run has its statistics.
      expect(final.totalItems).toBe(2);
      expect(final.metrics).toHaveLength(1);
    }
  }, 60_000);
});
