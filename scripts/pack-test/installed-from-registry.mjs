// node installed-from-registry.mjs TARBALL_DIR WORKSPACE_ROOT   (run inside a test project after npm install)
// Every @llm-eval/* package in the project's lockfile must be, byte for byte, the tarball packed from the workspace
// (same version, same sha512 integrity): proof that the install by name resolved our just-published packages
// (@llm-eval/* exists only on the local registry, which never proxies that scope), as a user's install will.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [tarballs, root] = process.argv.slice(2);
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const ours = Object.entries(lock.packages).filter(([where]) => /node_modules\/@llm-eval\/[^/]+$/.test(where));
assert.ok(ours.length > 0, 'no @llm-eval package was installed');
for (const [where, { version, integrity }] of ours) {
  const name = where.replace(/^.*node_modules\/@llm-eval\//, '');
  const workspace = JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8')).version;
  assert.equal(version, workspace, `${where} is ${version}; the workspace has ${workspace}`);
  const tgz = path.join(tarballs, `llm-eval-${name}-${version}.tgz`);
  assert.ok(existsSync(tgz), `${where}: no packed ${path.basename(tgz)}`);
  const packed = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  assert.equal(integrity, packed, `${where} is not the tarball packed from the workspace`);
}
console.log(`    ok  ${path.basename(process.cwd())}: ${ours.map(([where]) => where.replace(/^.*node_modules\//, '')).join(', ')}: the packed tarballs`);
