import { spawnSync } from 'node:child_process';

/**
 * Run by a child `node --experimental-vm-modules`: follows the static imports of the ES module in process.argv[1]
 * (relative, absolute and file: specifiers of .js and .mjs files; packages and builtins are passed over), parsing each
 * as a module without linking or running it, and prints each file that does not parse, one a line.
 */
const WALKER = `
const { SourceTextModule } = require('node:vm');
const { readFileSync, statSync } = require('node:fs');
const { pathToFileURL, fileURLToPath } = require('node:url');
const seen = new Set();
const queue = [process.argv[1]];
const broken = [];
while (queue.length && seen.size < 5000) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  let specifiers;
  try {
    specifiers = new SourceTextModule(readFileSync(file, 'utf8'), { identifier: file }).dependencySpecifiers;
  } catch (error) {
    if (error && error.name === 'SyntaxError') broken.push(file);
    continue;
  }
  for (const specifier of specifiers) {
    if (!/^(\\.{1,2}\\/|\\/|file:)/.test(specifier)) continue;
    try {
      const dep = fileURLToPath(new URL(specifier, pathToFileURL(file)));
      if (/\\.m?js$/i.test(dep) && statSync(dep).isFile()) queue.push(dep);
    } catch {}
  }
}
process.stdout.write(broken.join('\\n'));
`;

/**
 * The files among the static imports of the ES module `file` (itself included, and theirs in turn) that do not parse
 * as ES modules, nearest first; [] when none does not or that cannot be told. Nothing is linked or run. A file that
 * Node loads as CommonJS can be listed too: `node --check` it to tell.
 */
export function brokenImports(file: string): string[] {
  const walked = spawnSync(process.execPath, ['--no-warnings', '--experimental-vm-modules', '-e', WALKER, file], {
    encoding: 'utf8',
    timeout: 30_000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return walked.status === 0 && typeof walked.stdout === 'string' ? walked.stdout.split('\n').filter(Boolean) : [];
}
