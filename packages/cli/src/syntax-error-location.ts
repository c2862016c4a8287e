import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { brokenImports } from './broken-imports';
import { thrownProperty } from './thrown-text';

/**
 * Where a SyntaxError thrown while loading `file` points, as `path:line:column` (`file`'s, or that of a module it
 * requires or statically imports), or undefined when that cannot be told (not a SyntaxError, or nowhere to be found).
 *
 * Node keeps the location out of the message: a CommonJS SyntaxError carries it only in its stack's first lines
 * (`/path/x.js:2`, the source line, a caret under the column), and an ES module's from import() carries none at all
 * (Node prints it only for an uncaught error). For the latter, `node --check` compiles the file as Node would load it
 * (the same module-type rules) and prints those lines; when `file` compiles, the broken file is one it imports, found
 * by brokenImports and checked the same way. All of it runs only after loading already failed, so it costs nothing
 * when a file loads.
 */
export function syntaxErrorLocation(error: unknown, file: string): string | undefined {
  if (thrownProperty(error, 'name') !== 'SyntaxError') return undefined;
  const stack = thrownProperty(error, 'stack');
  const fromStack = typeof stack === 'string' ? locationInStack(stack) : undefined;
  if (fromStack) return fromStack;
  const own = nodeCheck(file);
  if (!own.passed) return own.output === undefined ? undefined : locationInStack(own.output);
  if (!/\.m?js$/i.test(file)) return undefined;
  // Of several broken imports, the one whose error is the one thrown (Node reports one of them).
  const message = thrownProperty(error, 'message');
  let first: string | undefined;
  for (const imported of brokenImports(file).slice(0, 5)) {
    const { output } = nodeCheck(imported);
    const location = output === undefined ? undefined : locationInStack(output);
    if (!location) continue;
    if (output!.includes(`SyntaxError: ${String(message)}\n`)) return location;
    first ??= location;
  }
  return first;
}

/** `node --check file`: whether it compiles, and what it printed (stderr) when it does not. */
function nodeCheck(file: string): { passed: boolean; output: string | undefined } {
  const checked = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'ignore', 'pipe'] });
  return { passed: checked.status === 0, output: typeof checked.stderr === 'string' ? checked.stderr : undefined };
}

/**
 * The `file:line:column` that V8's arrow lines (`<file>:<line>`, the source line, `   ^`) at the top of `text` name.
 * At the end of the input (`Unexpected end of input`) V8 draws no caret: the caret line is blank and as long as the
 * source line (the last line, or the empty one after the final line break), so the column is the one past its end.
 */
function locationInStack(text: string): string | undefined {
  const [where, source, caret] = text.split('\n');
  const place = /^(.+):(\d+)$/.exec(where ?? '');
  const endOfInput = source !== undefined && caret !== undefined && caret.trim() === '' && caret.length === source.length;
  const column = endOfInput ? caret!.length : caret?.indexOf('^') ?? -1;
  if (!place || column < 0 || caret!.slice(0, column).trim() !== '') return undefined;
  let file = place[1]!;
  try {
    if (file.startsWith('file://')) file = fileURLToPath(file);
  } catch {
    // Not a file URL after all: name it as printed.
  }
  return `${file}:${place[2]}:${column + 1}`;
}
