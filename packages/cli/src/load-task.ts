import { CliError } from './errors';
import { importUserModule } from './load-module';

/**
 * Loads the task from `file[#export]`: .js, .mjs, .cjs, or .ts (compiled on the fly with tsx). The export is the
 * named one, else `task`, else the default export; it must be a function or have invoke().
 */
export async function loadTask(spec: string): Promise<unknown> {
  const hash = spec.lastIndexOf('#');
  const name = hash > 0 ? spec.slice(hash + 1) : undefined;
  const { file, module } = await importUserModule('--task', hash > 0 ? spec.slice(0, hash) : spec);
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
