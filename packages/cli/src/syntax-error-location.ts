import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { thrownProperty } from './thrown-text';

/**
 * Where a SyntaxError thrown while loading `file` points, as `path:line:column` (`file`'s, or that of a CommonJS module
 * it requires), or undefined when that cannot be told (not a SyntaxError, or in an ES module that `file` imports).
 *
 * Node keeps the location out of the message: a CommonJS SyntaxError carries it only in its stack's first lines
 * (`/path/x.js:2`, the source line, a caret under the column), and an ES module's from import() carries none at all
 * (Node prints it only for an uncaught error). For the latter, `node --check` compiles the file as Node would load it
 * (the same module-type rules) and prints those lines: run only after loading already failed, so it costs nothing
 * when a file loads.
 */
export function syntaxErrorLocation(error: unknown, file: string): string | undefined {
  if (thrownProperty(error, 'name') !== 'SyntaxError') return undefined;
  const stack = thrownProperty(error, 'stack');
  const fromStack = typeof stack === 'string' ? locationInStack(stack) : undefined;
  if (fromStack) return fromStack;
  const checked = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'ignore', 'pipe'] });
  return typeof checked.stderr === 'string' ? locationInStack(checked.stderr) : undefined;
}

/** The `file:line:column` that V8's arrow lines (`<file>:<line>`, the source line, `   ^`) at the top of `text` name. */
function locationInStack(text: string): string | undefined {
  const [where, , caret] = text.split('\n');
  const place = /^(.+):(\d+)$/.exec(where ?? '');
  const column = caret?.indexOf('^') ?? -1;
  if (!place || column < 0 || caret!.slice(0, column).trim() !== '') return undefined;
  let file = place[1]!;
  try {
    if (file.startsWith('file://')) file = fileURLToPath(file);
  } catch {
    // Not a file URL after all: name it as printed.
  }
  return `${file}:${place[2]}:${column + 1}`;
}
