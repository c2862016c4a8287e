import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from './errors';

/**
 * Loads the task from `file[#export]`: .js, .mjs, .cjs, or .ts (compiled on the fly with tsx). The export is the
 * named one, else `task`, else the default export; it must be a function or have invoke().
 */
export async function loadTask(spec: string): Promise<unknown> {
  const hash = spec.lastIndexOf('#');
  const file = path.resolve(hash > 0 ? spec.slice(0, hash) : spec);
  const name = hash > 0 ? spec.slice(hash + 1) : undefined;
  if (!existsSync(file)) throw new CliError(`--task: ${file} does not exist.`, 2);
  const ext = path.extname(file).toLowerCase();
  if (!['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'].includes(ext)) {
    throw new CliError(`--task: ${file} must be a .js, .mjs, .cjs or .ts file.`, 2);
  }
  let module: Record<string, unknown>;
  try {
    if (ext === '.ts' || ext === '.mts' || ext === '.cts') {
      const { tsImport } = await import('tsx/esm/api');
      module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
    } else {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    }
  } catch (error) {
    throw new CliError(`--task: loading ${file} failed: ${(error as Error).message}`, 1);
  }
  const pick = (m: Record<string, unknown>) => (name ? m[name] : (m.task ?? m.default));
  let task = pick(module);
  // A CommonJS module seen through import() puts module.exports on `default`.
  if (task && typeof task === 'object' && !('invoke' in task) && name === undefined) task = pick(task as Record<string, unknown>) ?? task;
  if (name && task === undefined && module.default && typeof module.default === 'object') task = (module.default as Record<string, unknown>)[name];
  if (typeof task !== 'function' && typeof (task as { invoke?: unknown } | undefined)?.invoke !== 'function') {
    const exported = Object.keys(module).join(', ') || 'nothing';
    throw new CliError(
      `--task: ${file} has no ${name ? `export "${name}"` : 'default export or "task" export'} that is a function (it exports: ${exported}). Use file#exportName.`,
      2,
    );
  }
  return task;
}
