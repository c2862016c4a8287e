import { test as base, expect } from '@playwright/test';
import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { seedDatabase } from './seed';
import { startServe, type Serving } from './serve';

export { expect };
export { SEED } from './seed';

/** The served dashboard of this worker: its URL and the database under it. */
export interface Served {
  kind: 'sqlite' | 'postgres';
  url: string;
  databaseUrl: string;
  serving: Serving;
}

/**
 * A fresh database of `kind`, seeded, with the built `llm-eval serve` (given `serveArgs`) running on it while `use`
 * runs; both are stopped and dropped afterwards, whatever happens.
 */
export async function serveSeeded(kind: 'sqlite' | 'postgres', serveArgs: string[], use: (databaseUrl: string, serving: Serving) => Promise<void>): Promise<void> {
  let db: TestDatabase | undefined;
  let serving: Serving | undefined;
  try {
    db = await createTestDatabase(kind);
    await seedDatabase(db.url);
    serving = await startServe(db.url, serveArgs);
    await use(db.url, serving);
  } finally {
    await serving?.stop();
    await db?.drop();
  }
}

/**
 * `served` (one per worker and project): a fresh database of the project's kind, seeded, with the built
 * `llm-eval serve` running on it. Pages start at its URL (baseURL). Tests that change data (delete, evaluate) make
 * their own runs, so the seed stays as every test expects it.
 */
export const test = base.extend<{ shot: (name: string) => Promise<void> }, { served: Served }>({
  served: [
    async ({}, use, workerInfo) => {
      const kind = workerInfo.project.metadata.database as 'sqlite' | 'postgres';
      await serveSeeded(kind, [], (databaseUrl, serving) => use({ kind, url: serving.url, databaseUrl, serving }));
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ served }, use) => use(served.url),
  // Full-page screenshot saved as a test artifact (test-results/…/<name>.png).
  shot: async ({ page }, use, testInfo) => {
    await use(async (name) => {
      await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
    });
  },
});
