import { expect, serveSeeded, test as base } from '../src/fixtures';
import { createToken } from '../src/tokens';

/** Storage key of the tab's token (packages/web/src/api/session.ts). */
const TOKEN_STORAGE_KEY = 'llm-eval.token';

// Its own worker fixture: `llm-eval serve --auth` on a seeded database, and a viewer token of project alpha only.
const test = base.extend<object, { scoped: { url: string; secret: string } }>({
  scoped: [
    async ({}, use, workerInfo) => {
      const kind = workerInfo.project.metadata.database as 'sqlite' | 'postgres';
      await serveSeeded(kind, ['--auth'], async (databaseUrl, serving) => {
        const { secret } = await createToken(databaseUrl, { name: 'e2e-health-alpha', projects: ['alpha'], role: 'viewer' });
        await use({ url: serving.url, secret });
      });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ scoped }, use) => use(scoped.url),
});

test('health, for a token limited to projects, says the counts and latest run are not shown, not that the database is empty or unreadable', async ({ page, scoped, shot }) => {
  // Signed in as the sign-in form leaves the tab: the token in sessionStorage.
  await page.addInitScript(([key, secret]) => sessionStorage.setItem(key!, secret!), [TOKEN_STORAGE_KEY, scoped.secret]);
  await page.goto('/health');
  await expect(page.getByTestId('health-verdict')).toContainText('The database is healthy.');
  const latest = page.getByTestId('health-latest-run');
  await expect(latest).toContainText('not shown to a token limited to projects');
  await expect(latest).not.toContainText('no runs yet');
  await expect(page.getByTestId('health-rows')).toContainText('not shown to a token limited to projects');
  await expect(page.getByText(/could not be read/)).toHaveCount(0);
  await shot('health-scoped');
});
