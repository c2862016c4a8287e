// node readme-example.mjs PACKAGE   (run inside a test project that installed @llm-eval/PACKAGE)
// Runs the example of the README that npm installed with the package — the first ```js block after "## Example" —
// and checks that it prints exactly the ```text block that follows it ("It prints:"), so the README a user reads
// on npm is true to what the published package does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const pkg = process.argv[2];
const require = createRequire(path.resolve('package.json'));
const readmePath = path.join(path.dirname(require.resolve(`@llm-eval/${pkg}/package.json`)), 'README.md');
const readme = readFileSync(readmePath, 'utf8');

const section = readme.split(/^## Example$/m)[1];
assert.ok(section, `${readmePath} has no "## Example" section`);
const code = /^```js\n([\s\S]*?)^```$/m.exec(section);
assert.ok(code, `${readmePath}: no \`\`\`js block in "## Example"`);
const expected = /^```text\n([\s\S]*?)^```$/m.exec(section.slice(code.index + code[0].length));
assert.ok(expected, `${readmePath}: no \`\`\`text block with the output after the example`);

const file = `readme-example-${pkg}.mjs`;
writeFileSync(file, code[1]);
const run = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  assert.fail(`the README example of @llm-eval/${pkg} exited with ${run.status ?? run.signal}`);
}
assert.equal(run.stdout.trimEnd(), expected[1].trimEnd(), `the README example of @llm-eval/${pkg} printed something else`);
console.log(`    ok  @llm-eval/${pkg} README example prints what its README says (${expected[1].trimEnd().split('\n').length} lines)`);
