import type { MetricFunction } from '@llm-eval/evaluator';
import { CliError } from './errors';
import { evaluator } from './libraries';
import { exportNames, importUserModule } from './load-module';

/** A metric found in a module: the export it came from, the name it is registered under, and the function. */
interface FoundMetric {
  exportName: string;
  name: string;
  fn: MetricFunction;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** The metric an export holds: a function, or `{ fn, name? }`; undefined for anything else (constants, helpers' data). */
function metricOf(file: string, exportName: string, value: unknown): FoundMetric | undefined {
  const where = `--metric-file: ${file}, export "${exportName}"`;
  if (typeof value === 'function') {
    // An anonymous default export has no name to be listed under in --metrics.
    const name = exportName === 'default' ? value.name : exportName;
    if (!name || name === 'default') {
      throw new CliError(`${where}: a default-exported metric needs a name; export it by name or as { name: 'my_metric', fn }.`, 2);
    }
    return { exportName, name, fn: value as MetricFunction };
  }
  if (typeof value !== 'object' || value === null || !('fn' in value)) return undefined;
  const { fn, name } = value as { fn: unknown; name?: unknown };
  if (typeof fn !== 'function') throw new CliError(`${where}: "fn" must be a metric function (output, expected, input, item) => score, got ${typeof fn}.`, 2);
  if (name !== undefined && typeof name !== 'string') throw new CliError(`${where}: "name" must be a string, got ${typeof name}.`, 2);
  if (name === undefined && exportName === 'default') throw new CliError(`${where}: a default-exported metric needs a "name".`, 2);
  return { exportName, name: name ?? exportName, fn: fn as MetricFunction };
}

/** Every metric a module exports. A CommonJS `module.exports = { … }` (seen as `default`) counts as named exports. */
function metricsOf(file: string, module: Record<string, unknown>): FoundMetric[] {
  const exports = new Map<string, unknown>(Object.entries(module));
  const fallback = module.default;
  if (isPlainObject(fallback) && !('fn' in fallback)) {
    exports.delete('default');
    for (const [key, value] of Object.entries(fallback)) if (!exports.has(key)) exports.set(key, value);
  }
  const found: FoundMetric[] = [];
  for (const [exportName, value] of exports) {
    if (exportName === '__esModule' || exportName === 'module.exports') continue;
    const metric = metricOf(file, exportName, value);
    if (metric) found.push(metric);
  }
  return found;
}

// A worker loads the metric files of every run it takes, in one process: a file loaded before (the same module, so
// the same functions) is not registered again, and a name another file registered is still a conflict. A file edited
// since (load-module imports it anew) replaces the metrics it registered before.
const loadedFiles = new Map<string, { module: Record<string, unknown>; names: string[] }>();
const registeredBy = new Map<string, string>();

/**
 * Loads each `--metric-file` module and registers its metrics: every export that is a metric function (under the
 * export's name) or a `{ fn, name? }` object (under `name`, else the export's name). Returns the registered names.
 * A module with no metric, an invalid or built-in name, or a name given twice is a usage error naming the file and
 * the export. Loading a file again (a worker's next run) registers nothing new and returns its names.
 */
export async function registerMetricFiles(files: readonly string[]): Promise<string[]> {
  const { registerMetric, unregisterMetric, listMetrics } = evaluator();
  const names: string[] = [];
  for (const spec of files) {
    const { file, module } = await importUserModule('--metric-file', spec);
    const earlier = loadedFiles.get(file);
    if (earlier?.module === module) {
      names.push(...earlier.names.filter((name) => !names.includes(name)));
      continue;
    }
    if (earlier) {
      for (const name of earlier.names) {
        unregisterMetric(name);
        registeredBy.delete(name);
      }
      loadedFiles.delete(file);
    }
    const metrics = metricsOf(file, module);
    if (metrics.length === 0) {
      const exported = exportNames(module, file);
      throw new CliError(
        `--metric-file: ${file} exports no metric (it exports: ${exported}). Export functions (output, expected, input, item) => score, or { name, fn } objects.`,
        2,
      );
    }
    const inFile = new Map<string, string>();
    for (const { exportName, name } of metrics) {
      const where = `--metric-file: ${file}, export "${exportName}"`;
      const earlier = registeredBy.get(name) ?? inFile.get(name);
      if (earlier) throw new CliError(`${where}: the metric name "${name}" is already defined by ${earlier}; give one of them another name with { name, fn }.`, 2);
      if (listMetrics().includes(name)) {
        throw new CliError(`${where}: "${name}" is a built-in metric name; export it under another name or as { name: 'my_${name}', fn }.`, 2);
      }
      inFile.set(name, `${file}, export "${exportName}"`);
    }
    for (const { exportName, name, fn } of metrics) {
      try {
        registerMetric(name, fn);
      } catch (error) {
        throw new CliError(`--metric-file: ${file}, export "${exportName}": ${(error as Error).message}`, 2);
      }
      registeredBy.set(name, `${file}, export "${exportName}"`);
    }
    loadedFiles.set(file, { module, names: metrics.map((m) => m.name) });
    names.push(...metrics.map((m) => m.name).filter((name) => !names.includes(name)));
  }
  return names;
}
