// node tarball.mjs TGZ PACKAGE_DIR ROOT_LICENSE
// Checks one packed tarball the way npm users will get it: compiled code, the package's README and the project
// LICENSE inside; no workspace: versions left; repository/homepage/bugs pointing at this package's folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [tgz, packageDir, rootLicense] = process.argv.slice(2);
const name = path.basename(tgz);
const tar = (...args) => execFileSync('tar', ['-xzf', tgz, '-O', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const listing = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n').filter(Boolean);

assert.ok(listing.some((f) => f.startsWith('package/dist/')), `${name} has no dist/`);
assert.ok(!listing.some((f) => /\.test\.|\/test\/|\/src\//.test(f)), `${name} ships sources or tests`);
for (const file of ['package/README.md', 'package/LICENSE']) assert.ok(listing.includes(file), `${name} has no ${file}`);
assert.equal(tar('package/LICENSE'), readFileSync(rootLicense, 'utf8'), `${name}: its LICENSE differs from the root LICENSE`);
assert.equal(tar('package/README.md'), readFileSync(path.join(packageDir, 'README.md'), 'utf8'));

const raw = tar('package/package.json');
assert.ok(!raw.includes('"workspace:'), `${name} still has workspace: versions`);
const manifest = JSON.parse(raw);
const folder = path.relative(path.dirname(path.dirname(packageDir)), packageDir).split(path.sep).join('/');
assert.equal(manifest.license, 'MIT');
assert.equal(manifest.repository?.type, 'git', `${name}: repository.type`);
assert.match(manifest.repository?.url ?? '', /^git\+https:\/\/github\.com\/llm-eval\/llm-eval\.git$/, `${name}: repository.url`);
assert.equal(manifest.repository?.directory, folder, `${name}: repository.directory`);
assert.equal(manifest.homepage, `https://github.com/llm-eval/llm-eval/tree/main/${folder}#readme`, `${name}: homepage`);
assert.equal(manifest.bugs?.url, 'https://github.com/llm-eval/llm-eval/issues', `${name}: bugs.url`);
console.log(`    ok  ${name}: ${listing.length} files, README.md, LICENSE, repository ${manifest.repository.directory}`);
