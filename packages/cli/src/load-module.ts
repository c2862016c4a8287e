import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from './errors';

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/**
 * Imports a user module named by a command-line option (`flag`, e.g. `--task`): .js, .mjs, .cjs, or .ts (compiled
 * on the fly with tsx). Returns the absolute path and the module namespace; a missing file, a wrong extension or a
 * module that throws while loading is a CliError naming the option and the file.
 */
export async function importUserModule(flag: string, file: string): Promise<{ file: string; module: Record<string, unknown> }> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new CliError(`${flag}: ${absolute} does not exist.`, 2);
  if (!statSync(absolute).isFile()) throw new CliError(`${flag}: ${absolute} is not a file.`, 2);
  const ext = path.extname(absolute).toLowerCase();
  if (!EXTENSIONS.includes(ext)) throw new CliError(`${flag}: ${absolute} must be a .js, .mjs, .cjs or .ts file.`, 2);
  try {
    if (ext === '.ts' || ext === '.mts' || ext === '.cts') {
      const { tsImport } = await import('tsx/esm/api');
      return { file: absolute, module: (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as Record<string, unknown> };
    }
    return { file: absolute, module: (await import(pathToFileURL(absolute).href)) as Record<string, unknown> };
  } catch (error) {
    throw new CliError(`${flag}: loading ${absolute} failed: ${(error as Error)?.message ?? String(error)}`, 1);
  }
}
