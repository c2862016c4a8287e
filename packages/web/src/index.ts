import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of the built dashboard (index.html and assets/), to pass to @llm-eval/server's
 * `createServer({ dashboard })`. `llm-eval serve` does this for you.
 */
export const dashboardDir: string = join(dirname(fileURLToPath(import.meta.url)), 'app');

/** True when the built dashboard is there (a source checkout before `pnpm build` has none). */
export function hasDashboard(): boolean {
  return existsSync(join(dashboardDir, 'index.html'));
}
