import type { World } from './access-world';

// The isolation matrix's routes: one entry per route of /api/v1 (isolation-matrix.test.ts fails for a registered
// route without one), each saying how to call it on project alpha's data and how a caller of another project is
// answered.

/** The seeded world plus what some routes consume. */
export interface Fixtures extends World {
  /** A JSONL export to upload. */
  exportText: string;
  /** Ids of tokens a DELETE /tokens/:id may revoke, one per call. */
  spareTokens: string[];
}

/** A request of the matrix. */
export interface Req {
  method: string;
  path: string;
  json?: unknown;
  /** A raw body with its content type (the import upload). */
  raw?: { body: string; contentType: string };
}

/**
 * One route of the matrix. `own` builds a request on alpha's data (or a neutral one), answered `ok` to alpha's
 * editor or viewer and to the admin. A token of another project (beta's editor) on that request gets:
 * - 'missing': exactly what a request naming nothing that exists gets (`missing` builds it), and nothing changes;
 * - 'hidden': `ok`, with none of alpha's runs in it;
 * - 'forbidden': 403.
 */
export interface Entry {
  kind: 'read' | 'write' | 'admin';
  ok: number;
  own(w: Fixtures, label: string): Req | Promise<Req>;
  foreign: 'missing' | 'hidden' | 'forbidden';
  missing?(w: Fixtures): Req;
}

export const MISSING_RUN = '0b7e3f4c-1d2a-4b5c-8d9e-0f1a2b3c4d5e';
export const MISSING_RUN_2 = '9c8d7e6f-5a4b-4c3d-9e2f-1a0b9c8d7e6f';

/** Every route of /api/v1, by `METHOD path` as Fastify registers it. */
export const MATRIX: Record<string, Entry> = {
  'GET /api/v1/runs': { kind: 'read', ok: 200, foreign: 'hidden', own: () => ({ method: 'GET', path: '/api/v1/runs?limit=1000' }) },
  'GET /api/v1/runs/:run': {
    kind: 'read',
    ok: 200,
    foreign: 'missing',
    own: (w) => ({ method: 'GET', path: `/api/v1/runs/${w.alpha.id}` }),
    missing: () => ({ method: 'GET', path: `/api/v1/runs/${MISSING_RUN}` }),
  },
  'PATCH /api/v1/runs/:run': {
    kind: 'write',
    ok: 200,
    foreign: 'missing',
    own: async (w, label) => ({ method: 'PATCH', path: `/api/v1/runs/${(await w.freshAlphaRun(label)).id}`, json: { description: 'changed' } }),
    missing: () => ({ method: 'PATCH', path: `/api/v1/runs/${MISSING_RUN}`, json: { description: 'changed' } }),
  },
  'DELETE /api/v1/runs/:run': {
    kind: 'write',
    ok: 200,
    foreign: 'missing',
    own: async (w, label) => ({ method: 'DELETE', path: `/api/v1/runs/${(await w.freshAlphaRun(label)).id}?force=true` }),
    missing: () => ({ method: 'DELETE', path: `/api/v1/runs/${MISSING_RUN}?force=true` }),
  },
  'POST /api/v1/runs/:run/cancel': {
    kind: 'write',
    ok: 200,
    foreign: 'missing',
    own: async (w, label) => ({ method: 'POST', path: `/api/v1/runs/${(await w.freshAlphaRun(label)).id}/cancel`, json: { reason: 'stop' } }),
    missing: () => ({ method: 'POST', path: `/api/v1/runs/${MISSING_RUN}/cancel`, json: { reason: 'stop' } }),
  },
  'GET /api/v1/runs/:run/items': {
    kind: 'read',
    ok: 200,
    foreign: 'missing',
    own: (w) => ({ method: 'GET', path: `/api/v1/runs/${w.alpha.id}/items?q=${encodeURIComponent('failed items')}` }),
    missing: () => ({ method: 'GET', path: `/api/v1/runs/${MISSING_RUN}/items?q=${encodeURIComponent('failed items')}` }),
  },
  'GET /api/v1/compare': {
    kind: 'read',
    ok: 200,
    foreign: 'missing',
    own: (w) => ({ method: 'GET', path: `/api/v1/compare?a=${w.alpha.id}&b=${w.alpha2.id}` }),
    missing: () => ({ method: 'GET', path: `/api/v1/compare?a=${MISSING_RUN}&b=${MISSING_RUN_2}` }),
  },
  'GET /api/v1/trends': { kind: 'read', ok: 200, foreign: 'hidden', own: () => ({ method: 'GET', path: '/api/v1/trends?metric=f1&since=2000-01-01' }) },
  'GET /api/v1/projects': { kind: 'read', ok: 200, foreign: 'hidden', own: () => ({ method: 'GET', path: '/api/v1/projects' }) },
  'GET /api/v1/projects/:project': {
    kind: 'read',
    ok: 200,
    foreign: 'missing',
    own: () => ({ method: 'GET', path: '/api/v1/projects/alpha' }),
    missing: () => ({ method: 'GET', path: '/api/v1/projects/zeta' }),
  },
  'GET /api/v1/runs/:run/export': {
    kind: 'read',
    ok: 200,
    foreign: 'missing',
    own: (w) => ({ method: 'GET', path: `/api/v1/runs/${w.alpha.id}/export?format=jsonl` }),
    missing: () => ({ method: 'GET', path: `/api/v1/runs/${MISSING_RUN}/export?format=jsonl` }),
  },
  'POST /api/v1/runs': {
    kind: 'write',
    ok: 201,
    foreign: 'forbidden',
    own: (_w, label) => ({ method: 'POST', path: '/api/v1/runs', json: { name: `created-${label}`, projectId: 'alpha' } }),
  },
  'POST /api/v1/runs/:run/items': {
    kind: 'write',
    ok: 200,
    foreign: 'missing',
    own: async (w, label) => ({
      method: 'POST',
      path: `/api/v1/runs/${(await w.freshAlphaRun(label)).id}/items`,
      json: { items: [{ itemId: 'one', input: 'q', actualOutput: 'a' }] },
    }),
    missing: () => ({ method: 'POST', path: `/api/v1/runs/${MISSING_RUN}/items`, json: { items: [{ itemId: 'one', input: 'q', actualOutput: 'a' }] } }),
  },
  'POST /api/v1/runs/:run/finish': {
    kind: 'write',
    ok: 200,
    foreign: 'missing',
    own: async (w, label) => ({ method: 'POST', path: `/api/v1/runs/${(await w.freshAlphaRun(label)).id}/finish`, json: { status: 'completed' } }),
    missing: () => ({ method: 'POST', path: `/api/v1/runs/${MISSING_RUN}/finish`, json: { status: 'completed' } }),
  },
  'POST /api/v1/imports': {
    kind: 'write',
    ok: 201,
    foreign: 'forbidden',
    own: (w) => ({ method: 'POST', path: '/api/v1/imports?projectId=alpha&allowDuplicate=true', raw: { body: w.exportText, contentType: 'application/x-ndjson' } }),
  },
  'GET /api/v1/events': {
    kind: 'read',
    ok: 200,
    foreign: 'missing',
    own: (w) => ({ method: 'GET', path: `/api/v1/events?run=${w.alpha.id}` }),
    missing: () => ({ method: 'GET', path: `/api/v1/events?run=${MISSING_RUN}` }),
  },
  'GET /api/v1/health': { kind: 'read', ok: 200, foreign: 'hidden', own: () => ({ method: 'GET', path: '/api/v1/health' }) },
  'GET /api/v1/tokens': { kind: 'admin', ok: 200, foreign: 'forbidden', own: () => ({ method: 'GET', path: '/api/v1/tokens' }) },
  'POST /api/v1/tokens': {
    kind: 'admin',
    ok: 201,
    foreign: 'forbidden',
    own: (_w, label) => ({ method: 'POST', path: '/api/v1/tokens', json: { name: `made-${label}`, role: 'viewer', projects: ['alpha'] } }),
  },
  'DELETE /api/v1/tokens/:id': { kind: 'admin', ok: 200, foreign: 'forbidden', own: (w) => ({ method: 'DELETE', path: `/api/v1/tokens/${w.spareTokens.shift() ?? MISSING_RUN}` }) },
  'GET /api/v1/audit': { kind: 'admin', ok: 200, foreign: 'forbidden', own: () => ({ method: 'GET', path: '/api/v1/audit?limit=1000' }) },
  'GET /api/v1/projects/:project/retention': {
    kind: 'admin',
    ok: 200,
    foreign: 'forbidden',
    own: () => ({ method: 'GET', path: '/api/v1/projects/alpha/retention' }),
  },
  'PUT /api/v1/projects/:project/retention': {
    kind: 'admin',
    ok: 200,
    foreign: 'forbidden',
    own: () => ({ method: 'PUT', path: '/api/v1/projects/alpha/retention', json: { maxAgeDays: 36500 } }),
  },
  'DELETE /api/v1/projects/:project/retention': {
    kind: 'admin',
    ok: 200,
    foreign: 'forbidden',
    own: () => ({ method: 'DELETE', path: '/api/v1/projects/alpha/retention' }),
  },
};


