import { closeSync, openSync } from 'node:fs';
import path from 'node:path';

/** Creates `llm-eval-unsaved-<id>.json` (or -2, -3, …) in `dir` without ever replacing an existing file. */
export function reserveFallbackFile(dir: string, id: string): string {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `llm-eval-unsaved-${id}${n === 1 ? '' : `-${n}`}.json`);
    try {
      closeSync(openSync(file, 'wx'));
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw error;
    }
  }
}
