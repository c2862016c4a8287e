import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TaskReference } from './run-spec';

/** A module path or package specifier as import() takes it: files as file URLs, packages resolved from the cwd first. */
function importable(specifier: string): string {
  if (path.isAbsolute(specifier)) return pathToFileURL(specifier).href;
  if (specifier.startsWith('file:')) return specifier;
  try {
    // A package the worker's project installed, not only one next to @llm-eval/queue.
    return pathToFileURL(createRequire(path.join(process.cwd(), 'package.json')).resolve(specifier)).href;
  } catch {
    return specifier;
  }
}

const requireCjs = createRequire(__filename);

/** The content hash of each module file when this process first imported it, by file URL. */
const firstLoaded = new Map<string, string>();

/**
 * The URL to import a module file by: its file URL the first time, and `?v=<content hash>` once its content differs
 * from that. Node caches import() by URL for the life of the process, so a long-lived worker would otherwise run the
 * first version of a task or metric file it loaded for every later run ("edit the prompt, resubmit, compare" then
 * compares the old code with itself). Modules the file imports itself stay cached until the process restarts.
 * @internal
 */
export function currentModuleUrl(url: string): string {
  if (!url.startsWith('file:')) return url;
  let hash: string;
  try {
    hash = createHash('sha256').update(readFileSync(fileURLToPath(url))).digest('hex').slice(0, 16);
  } catch {
    return url; // a missing or unreadable file: import() says why
  }
  const first = firstLoaded.get(url);
  if (first === undefined) firstLoaded.set(url, hash);
  if (first === undefined || first === hash) return url;
  // A CommonJS file (.cjs, or .js outside a "type": "module" package) is cached by its real path whatever the URL:
  // without this, import() would hand back the old module.
  try {
    delete requireCjs.cache[realpathSync(fileURLToPath(url))];
  } catch {
    // gone meanwhile: the import says why
  }
  return `${url}${url.includes('?') ? '&' : '?'}v=${hash}`;
}

/** Imports a module by path or package specifier, again when its file changed since it was first imported. @internal */
export function importModule(specifier: string): Promise<Record<string, unknown>> {
  return import(currentModuleUrl(importable(specifier))) as Promise<Record<string, unknown>>;
}

/** The default task loader: import() of the module, then its named export, else `task`, else the default export. @internal */
export async function defaultLoadTask(ref: TaskReference): Promise<unknown> {
  const mod = await importModule(ref.module);
  const task = ref.export ? mod[ref.export] : (mod.task ?? mod.default);
  if (task === undefined) {
    throw new Error(ref.export ? `the module has no export "${ref.export}"` : 'the module exports neither "task" nor a default');
  }
  return task;
}

/** The default metric-file loader: imports each module, which registers its metrics. @internal */
export async function defaultLoadMetricFiles(files: string[]): Promise<void> {
  for (const file of files) await importModule(file);
}

/** How a task reference reads in messages: the module, and the export when one is named. @internal */
export function describeTask(ref: TaskReference): string {
  return ref.export ? `${ref.module} (export "${ref.export}")` : ref.module;
}
