import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const requireCjs = createRequire(__filename);

/** The content hash of each module file when this process first imported it, by file URL. */
const firstLoaded = new Map<string, string>();

/**
 * The URL to import a user's module file (a task, a metric file) by: its file URL the first time, and
 * `?v=<content hash>` once its content differs from that. Node caches modules for the life of the process, so a
 * long-lived worker (`llm-eval worker`, @llm-eval/queue's startWorker) would otherwise run the first version of a task
 * or metric file it loaded for every later run ("edit the prompt, resubmit, compare" then compares the old code with
 * itself). A CommonJS file is cached by its real path whatever the URL, so its cache entry is dropped too. Modules the
 * file imports itself stay cached until the process restarts. URLs other than file: are returned as they are.
 */
export function currentModuleUrl(url: string): string {
  if (!url.startsWith('file:')) return url;
  const file = fileURLToPath(url);
  let hash: string;
  try {
    hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  } catch {
    return url; // a missing or unreadable file: the import says why
  }
  const first = firstLoaded.get(url);
  if (first === undefined) firstLoaded.set(url, hash);
  if (first === undefined || first === hash) return url;
  try {
    delete requireCjs.cache[realpathSync(file)];
  } catch {
    // gone meanwhile: the import says why
  }
  return `${url}${url.includes('?') ? '&' : '?'}v=${hash}`;
}
