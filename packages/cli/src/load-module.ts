import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from './errors';
import { statOf } from './file-stat';
import { evaluator } from './libraries';
import { syntaxErrorLocation } from './syntax-error-location';
import { thrownMessage, thrownProperty } from './thrown-text';

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/**
 * Whether a module reference is a file path (./task.mjs, /abs/task.ts, task.mjs, an existing file) rather than a
 * package specifier (@acme/tasks, my-tasks/qa) that is resolved from the installed packages.
 */
export function isModulePath(reference: string): boolean {
  if (reference.startsWith('.') || path.isAbsolute(reference) || statOf(reference)?.isFile() === true) return true;
  return !reference.startsWith('@') && EXTENSIONS.includes(path.extname(reference).toLowerCase());
}

/** A file path made absolute (against the current directory); a package specifier as it is. */
export function absoluteModuleReference(reference: string): string {
  return isModulePath(reference) ? path.resolve(reference) : reference;
}

/** Imports a package by specifier, resolved from the current directory's node_modules (then from the CLI's own). */
async function importPackage(flag: string, specifier: string): Promise<{ file: string; module: Record<string, unknown> }> {
  let resolved: string | undefined;
  try {
    resolved = createRequire(path.join(process.cwd(), 'noop.js')).resolve(specifier);
  } catch {
    // An ES-module-only package has no "require" export: let import() resolve it below.
  }
  try {
    const module = (await import(resolved ? pathToFileURL(resolved).href : specifier)) as Record<string, unknown>;
    return { file: specifier, module };
  } catch (error) {
    const code = thrownProperty(error, 'code');
    if (!resolved && (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')) {
      throw new CliError(`${flag}: package "${specifier}" is not installed where ${process.cwd()} can find it (npm install it, or pass a file path like ./task.mjs).`, 2);
    }
    throw new CliError(`${flag}: loading package "${specifier}" failed: ${thrownMessage(error)}`, 1);
  }
}

/**
 * Imports a user module named by a command-line option (`flag`, e.g. `--task`): a file (.js, .mjs, .cjs, or .ts,
 * compiled on the fly with tsx) or an installed package's specifier. Returns the absolute path (or the specifier) and
 * the module namespace; a missing file, a wrong extension or a module that throws while loading is a CliError naming
 * the option and the file.
 */
export async function importUserModule(flag: string, file: string): Promise<{ file: string; module: Record<string, unknown> }> {
  const started = { flag, module: absoluteModuleReference(file) };
  importing.add(started);
  try {
    return await importModule(flag, file);
  } finally {
    importing.delete(started);
  }
}

/** A user module being imported: the option that named it and its absolute path (or package specifier). */
export interface UnfinishedImport {
  flag: string;
  module: string;
}

const importing = new Set<UnfinishedImport>();

/**
 * The user modules whose import has started and not finished. One whose top-level `await` never settles keeps its
 * import unfinished for good, and once nothing else is left to do Node ends the process (see exit-during-run.ts).
 */
export function unfinishedImports(): UnfinishedImport[] {
  return [...importing];
}

async function importModule(flag: string, file: string): Promise<{ file: string; module: Record<string, unknown> }> {
  if (!isModulePath(file)) return importPackage(flag, file);
  const absolute = path.resolve(file);
  const stats = statOf(absolute);
  if (!stats) throw new CliError(`${flag}: no such file: ${absolute}`, 2);
  if (!stats.isFile()) throw new CliError(`${flag}: ${absolute} is not a file.`, 2);
  const ext = path.extname(absolute).toLowerCase();
  if (!EXTENSIONS.includes(ext)) throw new CliError(`${flag}: ${absolute} must be a .js, .mjs, .cjs or .ts file.`, 2);
  try {
    // Again when the file changed since this process first loaded it (a worker's later run after an edit).
    const url = evaluator().currentModuleUrl(pathToFileURL(absolute).href);
    if (ext === '.ts' || ext === '.mts' || ext === '.cts') {
      const { tsImport } = await import('tsx/esm/api');
      return { file: absolute, module: (await tsImport(url, import.meta.url)) as Record<string, unknown> };
    }
    return { file: absolute, module: (await import(url)) as Record<string, unknown> };
  } catch (error) {
    const location = syntaxErrorLocation(error, absolute);
    const reason = location ? `${location}: SyntaxError: ${thrownMessage(error)}` : thrownMessage(error);
    throw new CliError(`${flag}: loading ${absolute} failed: ${reason}`, 1);
  }
}

/**
 * The export names of a user module, for messages ("it exports: answer"). A `default` that is only the CommonJS
 * wrapper (tsx and import() put module.exports there: an object holding the named exports, not a function) is left
 * out and its keys counted as the exports they are (in a .cjs `file`, always); a default export that is a value of its
 * own stays listed.
 */
export function exportNames(module: Record<string, unknown>, file?: string): string {
  const names = new Set(Object.keys(module));
  const named = [...names].filter((name) => name !== 'default');
  const wrapper = module.default as Record<string, unknown> | null | undefined;
  // A .cjs file's default is always its module.exports; Node finds no named exports in `module.exports = { a: … }`.
  const commonJs = file !== undefined && file.toLowerCase().endsWith('.cjs');
  const isWrapper =
    wrapper !== null &&
    typeof wrapper === 'object' &&
    !Array.isArray(wrapper) &&
    ('__esModule' in wrapper || commonJs || (named.length > 0 && named.every((name) => name in wrapper)));
  if (isWrapper) {
    names.delete('default');
    for (const key of Object.keys(wrapper)) if (key !== 'default' && key !== '__esModule') names.add(key);
  }
  return [...names].join(', ') || 'nothing';
}
