// node cli-dashboard.mjs   (run inside the cli test project, LLM_EVAL_DATABASE_URL set)
// The dashboard as `npm install @llm-eval/cli` delivers it: @llm-eval/web came along with no runtime dependency of
// its own, and `llm-eval serve` serves it with nothing fetched from elsewhere: GET / is the HTML page, every asset it
// references (and every file of its assets folder: lazily loaded chunks) answers 200 with the right type, a page path
// falls back to the same HTML, and neither the HTML nor the CSS nor the JavaScript loads anything from an outside URL
// (no CDN script, stylesheet, font or module import).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startServe } from './serve-process.mjs';

const web = path.resolve('node_modules', '@llm-eval', 'web');
const manifest = JSON.parse(readFileSync(path.join(web, 'package.json'), 'utf8'));
for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
  assert.deepEqual(Object.keys(manifest[field] ?? {}), [], `the installed @llm-eval/web has ${field}: the dashboard is built, it needs none`);
}
const assetsDir = path.join(web, 'dist', 'app', 'assets');
const shipped = readdirSync(assetsDir);
assert.ok(shipped.some((f) => f.endsWith('.js')), `no JavaScript in ${assetsDir}`);

/** An outside URL a page would load: http(s) or protocol-relative, in an attribute, a CSS url()/@import or a JS import. */
const LOADS_OUTSIDE = {
  html: /<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//gi,
  css: /(?:url\(\s*["']?|@import\s+["']?)(?:https?:)?\/\//gi,
  js: /(?:\bimport\s*\(\s*|\bfrom\s*|\bimport\s+)["'`](?:https?:)?\/\//g,
};

const { child, url, line, exited, output, dispose } = await startServe();
try {
  assert.ok(url && line.includes('(dashboard /, '), `llm-eval serve did not start serving the dashboard:\n${output().stdout}\n${output().stderr}`);

  const home = await fetch(`${url}/`);
  const html = await home.text();
  assert.equal(home.status, 200, `GET / answered ${home.status}`);
  assert.match(home.headers.get('content-type') ?? '', /^text\/html/, 'GET / is not HTML');
  assert.match(html, /<div id="root">/, 'GET / is not the dashboard page');
  assert.deepEqual(html.match(LOADS_OUTSIDE.html) ?? [], [], 'the HTML loads something from an outside URL');

  // Every local file the page references, then every file of the assets folder (chunks loaded later).
  const referenced = [...html.matchAll(/\b(?:src|href)\s*=\s*["']?(\/[^"' >]+)/g)].map((m) => m[1]);
  assert.ok(referenced.some((r) => /^\/assets\/.+\.js$/.test(r)), `GET / references no /assets/*.js: ${referenced.join(', ')}`);
  const paths = [...new Set([...referenced, ...shipped.map((f) => `/assets/${f}`)])];
  const TYPES = { '.js': /javascript/, '.css': /^text\/css/ };
  for (const p of paths) {
    const response = await fetch(`${url}${p}`);
    const body = await response.text();
    assert.equal(response.status, 200, `GET ${p} answered ${response.status}`);
    const type = TYPES[path.extname(p)];
    if (type) assert.match(response.headers.get('content-type') ?? '', type, `GET ${p}: content-type ${response.headers.get('content-type')}`);
    if (p.endsWith('.css')) assert.deepEqual(body.match(LOADS_OUTSIDE.css) ?? [], [], `${p} loads something from an outside URL`);
    if (p.endsWith('.js')) assert.deepEqual(body.match(LOADS_OUTSIDE.js) ?? [], [], `${p} imports a module from an outside URL`);
  }

  // A page path (a shared link) is the same HTML; the API still answers JSON under it.
  const deep = await fetch(`${url}/compare?a=latest~1&b=latest`);
  assert.equal(deep.status, 200, `GET /compare answered ${deep.status}`);
  assert.equal(await deep.text(), html, 'GET /compare is not the dashboard page');
  const runs = await fetch(`${url}/api/v1/runs?limit=1`);
  assert.equal(runs.status, 200);
  assert.match(runs.headers.get('content-type') ?? '', /^application\/json/);

  child.kill('SIGTERM');
  const { code } = await exited;
  assert.equal(code, 0, `llm-eval serve exited with ${code} after SIGTERM: ${output().stderr}`);
  console.log(
    `    ok  llm-eval serve → ${url}/: the dashboard HTML and ${paths.length} assets answered 200, /compare falls back to it, ` +
      `nothing loaded from an outside URL; @llm-eval/web ${manifest.version} has no dependencies`,
  );
} finally {
  dispose();
}
