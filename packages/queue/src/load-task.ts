import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { currentModuleUrl } from '@llm-eval/evaluator';
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
