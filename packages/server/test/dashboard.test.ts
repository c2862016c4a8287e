import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@llm-eval/test-databases';
import { createServer, ServerConfigError } from '../src';
import { useServer } from './server-harness';

const root = mkdtempSync(join(tmpdir(), 'llm-eval-dashboard-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-1a2b.js"></script></body></html>');
writeFileSync(join(root, 'assets', 'app-1a2b.js'), 'console.log("dashboard");');
writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the dashboard option', () => {
  const api = useServer('sqlite', { dashboard: root });

  it.each(['/', '/runs/latest', '/runs/a%20name%2Fwith%20slash', '/compare?a=latest~1&b=latest', '/trends', '/projects/alpha'])(
    'serves index.html for the page path %s, with a content security policy and no caching',
    async (path) => {
      const res = await api.request(path, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('<div id="root">');
    },
  );

  it('serves hashed assets as immutable, and a missing asset as a 404, not as index.html', async () => {
    const asset = await api.request('/assets/app-1a2b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missing = await api.request('/assets/app-0000.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
  });

  it.each(['/favicon.ico', '/robots.txt', '/sitemap.xml', '/apple-touch-icon.png', '/.well-known/security.txt', '/runs/latest/app.js', '/index.php'])(
    'answers %s, a file the build does not have, with a 404 rather than index.html',
    async (path) => {
      for (const method of ['GET', 'HEAD']) {
        const res = await api.request(path, { method, headers: { accept: '*/*' } });
        expect([method, path, res.status]).toEqual([method, path, 404]);
        expect(res.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
        expect(await res.text()).not.toContain('<div id="root">');
      }
    },
  );

  it.each(['/runs/gpt-4.1-eval', '/runs/v1.2.json', '/projects/team.ml', '/runs/latest~1'])(
    'still serves index.html for the page path %s, whose run or project name has a dot',
    async (path) => {
      const res = await api.request(path, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
    },
  );

  it('serves a file the build has at the top level', async () => {
    const res = await api.request('/favicon.svg');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<svg');
  });

  it('keeps the API\'s JSON 404 for unknown API paths and for non-GET page paths', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/no-such-route'],
      ['GET', '/api/nothing'],
      ['POST', '/runs/latest'],
    ] as const) {
      const res = await api.json(path, { method });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const run = await api.json('/api/v1/runs');
    expect(run.status).toBe(200);
  });
});

describe('without the dashboard option', () => {
  const api = useServer('sqlite');
  it('serves only the API: a page path is the JSON 404', async () => {
    const res = await api.json('/');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

it('refuses a dashboard directory without index.html, saying how to build it', async () => {
  const db = await createTestDatabase('sqlite');
  const empty = mkdtempSync(join(tmpdir(), 'llm-eval-empty-'));
  try {
    await expect(createServer({ databaseUrl: db.url, dashboard: empty })).rejects.toThrow(ServerConfigError);
    await expect(createServer({ databaseUrl: db.url, dashboard: empty })).rejects.toThrow(/no index\.html.*build/i);
  } finally {
    rmSync(empty, { recursive: true, force: true });
    await db.drop();
  }
});
