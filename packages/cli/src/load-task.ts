import { CliError } from './errors';
import { absoluteModuleReference, exportNames, importUserModule } from './load-module';

/** Where a task is: a module (a file path or a package specifier) and the export to use (default: `task`, else default). */
export interface TaskReference {
  module: string;
  export?: string;
}

/**
 * Reads `--task module[#export]`: a file path becomes absolute (workers on the same file layout find it), a package
 * specifier stays as it is (each worker resolves it from its own installed packages).
 */
export function taskReference(spec: string): TaskReference {
  const hash = spec.lastIndexOf('#');
  const module = absoluteModuleReference(hash > 0 ? spec.slice(0, hash) : spec);
  return hash > 0 ? { module, export: spec.slice(hash + 1) } : { module };
}

/**
 * Loads a task: .js, .mjs, .cjs, or .ts (compiled on the fly with tsx), or an installed package. The export is the
 * named one, else `task`, else the default export; it must be a function or have invoke().
 */
export async function loadTask(reference: TaskReference): Promise<unknown> {
  const name = reference.export || undefined;
  const { file, module } = await importUserModule('--task', reference.module);
  const pick = (m: Record<string, unknown>) => (name ? m[name] : (m.task ?? m.default));
  let task = pick(module);
  // A CommonJS module seen through import() puts module.exports on `default`.
  if (task && typeof task === 'object' && !('invoke' in task) && name === undefined) task = pick(task as Record<string, unknown>) ?? task;
  if (name && task === undefined && module.default && typeof module.default === 'object') task = (module.default as Record<string, unknown>)[name];
  if (typeof task !== 'function' && typeof (task as { invoke?: unknown } | undefined)?.invoke !== 'function') {
    const exported = exportNames(module, file);
    // An export that is there but is not a task is named for what it is, rather than reported missing.
    const found = foundExport(module, name);
    if (found) throw new CliError(`--task: ${file}: ${found}, not a function (it exports: ${exported}). Use file#exportName.`, 2);
    throw new CliError(
      `--task: ${file} has no ${name ? `export "${name}"` : 'default export or "task" export'} that is a function (it exports: ${exported}). Use file#exportName.`,
      2,
    );
  }
  return task;
}

/** What a value is, for a message: "a number", "null", "an array", "an object". */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' || type === 'undefined' ? `an ${type}` : `a ${type}`;
}

/**
 * The export a task was looked for in when it is there but no task: `export "foo" is a number`, `the default export is
 * an object whose invoke is a number`. Undefined when there is none (a CommonJS wrapper's default is no export of its own).
 */
function foundExport(module: Record<string, unknown>, name: string | undefined): string | undefined {
  const wrapper = module.default && typeof module.default === 'object' ? (module.default as Record<string, unknown>) : undefined;
  const describe = (label: string, value: unknown) =>
    value !== null && typeof value === 'object' && 'invoke' in value
      ? `${label} is an object whose invoke is ${kindOf((value as { invoke: unknown }).invoke)}`
      : `${label} is ${kindOf(value)}`;
  if (name !== undefined) {
    if (name in module) return describe(`export "${name}"`, module[name]);
    return wrapper && name in wrapper ? describe(`export "${name}"`, wrapper[name]) : undefined;
  }
  if ('task' in module) return describe('export "task"', module.task);
  if (wrapper && 'task' in wrapper) return describe('export "task"', wrapper.task);
  return wrapper && 'invoke' in wrapper ? describe('the default export', wrapper) : undefined;
}
