// The shipped size of the dashboard: every file of dist/app/assets, raw and gzipped (zlib level 9, as a server or CDN
// compressing static files ahead of time would; the budget is on the gzipped JavaScript).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export function assetSizes(dashboardDir) {
  const dir = path.join(dashboardDir, 'assets');
  const files = readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isFile())
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name));
      return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  const sum = (ext) => {
    const of = files.filter((f) => f.name.endsWith(ext));
    return { files: of.length, bytes: of.reduce((n, f) => n + f.bytes, 0), gzipBytes: of.reduce((n, f) => n + f.gzipBytes, 0) };
  };
  const html = readFileSync(path.join(dashboardDir, 'index.html'));
  return { js: sum('.js'), css: sum('.css'), html: { bytes: html.length, gzipBytes: gzipSync(html, { level: 9 }).length }, files };
}
