import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const requireCjs = createRequire(import.meta.url);
/** The content hash of each module file when this process first imported it, by absolute path. */
const firstLoaded = new Map<string, string>();

/**
 * The URL to import a module file by: its file URL the first time, and `?v=<content hash>` once its content differs
 * from that. Node caches modules for the life of the process, so a long-lived `llm-eval worker` would otherwise run
 * the first version of a task or metric file it loaded for every later run ("edit the prompt, resubmit, compare" then
 * compares the old code with itself). Modules the file imports itself stay cached until the process restarts.
 */
export function currentModuleUrl(absolute: string): string {
  const url = pathToFileURL(absolute).href;
  let hash: string;
  try {
    hash = createHash('sha256').update(readFileSync(absolute)).digest('hex').slice(0, 16);
  } catch {
    return url; // unreadable: the import says why
  }
  const first = firstLoaded.get(absolute);
  if (first === undefined) firstLoaded.set(absolute, hash);
  if (first === undefined || first === hash) return url;
  // A CommonJS file is cached by its real path whatever the URL: without this, import() would hand back the old one.
  try {
    delete requireCjs.cache[realpathSync(absolute)];
  } catch {
    // gone meanwhile: the import says why
  }
  return `${url}?v=${hash}`;
}
