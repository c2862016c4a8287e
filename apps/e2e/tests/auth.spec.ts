import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { initializeDatabase } from '@llm-eval/storage';
import { expect, SEED, serveSeeded, test as base } from '../src/fixtures';
import { createToken } from '../src/tokens';

/** A seeded database served by `llm-eval serve --auth`, and a viewer token of project alpha made with the CLI. */
interface AuthServed {
  url: string;
  /** The viewer token's secret (alpha only). */
  secret: string;
  /** The id of beta's one run, which the token must never reach. */
  betaRunId: string;
}

/** Storage key of the tab's token (packages/web/src/api/session.ts). */
const TOKEN_STORAGE_KEY = 'llm-eval.token';

/** Words of beta's run and items that must never reach a page signed in for alpha only. */
const BETA_WORDS = [SEED.beta, 'summaries-30', 'claude-sonnet', 'Summarise document'];
const ALPHA_RUNS = [SEED.candidate, SEED.baseline, SEED.failed];

// Its own worker fixture (the shared `served` starts the server without --auth): pages of this file go to it.
const test = base.extend<object, { authServed: AuthServed }>({
  authServed: [
    async ({}, use, workerInfo) => {
      const kind = workerInfo.project.metadata.database as 'sqlite' | 'postgres';
      await serveSeeded(kind, ['--auth'], async (databaseUrl, serving) => {
        const storage = await initializeDatabase({ url: databaseUrl });
        let betaRunId: string;
        try {
          const { runs } = await storage.runs.listRuns({ projectId: 'beta' });
          expect(runs.map((run) => run.name)).toEqual([SEED.beta]);
          betaRunId = runs[0]!.id;
        } finally {
          await storage.close();
        }
        const { secret, token } = await createToken(databaseUrl, { name: 'e2e-alpha-viewer', projects: ['alpha'], role: 'viewer' });
        expect(token).toMatchObject({ role: 'viewer', projects: ['alpha'], state: 'active' });
        await use({ url: serving.url, secret, betaRunId });
      });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ authServed }, use) => use(authServed.url),
});

const signInHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Sign in' });
const tokenInput = (page: Page) => page.getByLabel('API token');
const signOutButton = (page: Page) => page.getByRole('button', { name: 'Sign out' });
const runRows = (page: Page) => page.getByTestId('run-row');
const runRow = (page: Page, name: string) => page.locator(`[data-testid="run-row"][data-run-name="${name}"]`);
const storedToken = (page: Page) => page.evaluate((key) => sessionStorage.getItem(key), TOKEN_STORAGE_KEY);

/** The page's markup and text hold none of beta's run. */
async function expectNoBeta(page: Page): Promise<void> {
  const html = await page.content();
  for (const word of BETA_WORDS) expect(html, `the page shows "${word}" of project beta`).not.toContain(word);
}

test('a viewer token of alpha signs in, sees alpha only, survives a reload, signs out; the token never is in a URL', async ({
  page,
  authServed,
  shot,
}) => {
  const { secret, betaRunId } = authServed;
  // Every URL the page asks for (HTTP and WebSocket), the Authorization of its API requests, and the API's answers.
  const urls: string[] = [];
  const sockets: string[] = [];
  const authorizations: Array<string | undefined> = [];
  const answers: Array<Promise<{ url: string; body: string | null }>> = [];
  page.on('request', (request) => {
    urls.push(request.url());
    if (new URL(request.url()).pathname.startsWith('/api/')) authorizations.push(request.headers()['authorization']);
  });
  page.on('websocket', (socket) => {
    urls.push(socket.url());
    sockets.push(socket.url());
  });
  page.on('response', (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/')) return;
    answers.push(
      response.text().then(
        (body) => ({ url: response.url(), body }),
        () => ({ url: response.url(), body: null }),
      ),
    );
  });

  await test.step('the sign-in panel comes first, with no run data', async () => {
    await page.goto('/');
    await expect(signInHeading(page)).toBeVisible();
    await expect(tokenInput(page)).toBeFocused();
    await expect(page.getByText("llm-eval tokens create --name me --project '*' --role viewer")).toBeVisible();
    await expect(signOutButton(page)).toHaveCount(0);
    await expect(runRows(page)).toHaveCount(0);
    const html = await page.content();
    for (const word of [...ALPHA_RUNS, ...BETA_WORDS]) expect(html).not.toContain(word);
    expect(await storedToken(page)).toBeNull();
    await shot('auth-sign-in');
  });

  await test.step('a wrong token is refused in words and the tab stays signed out', async () => {
    await tokenInput(page).fill('not a token!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'That is not an API token' })).toBeVisible();

    const wrong = `lle_${'x'.repeat(43)}`;
    await tokenInput(page).fill(wrong);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'The API token is not valid' });
    await expect(refused).toBeVisible();
    await expect(refused).not.toContainText(wrong);
    await expect(tokenInput(page)).toHaveAttribute('aria-invalid', 'true');
    await expect(signInHeading(page)).toBeVisible();
    await expect(signOutButton(page)).toHaveCount(0);
    await expect(runRows(page)).toHaveCount(0);
    expect(await storedToken(page)).toBeNull();
    await shot('auth-wrong-token');
  });

  await test.step("the right token signs in: alpha's runs, never beta's", async () => {
    await tokenInput(page).fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(signInHeading(page)).toHaveCount(0);
    await expect(signOutButton(page)).toBeVisible();
    for (const name of ALPHA_RUNS) await expect(runRow(page, name)).toBeVisible();
    await expect(runRows(page)).toHaveCount(ALPHA_RUNS.length);
    // Live updates connect with the token as the WebSocket subprotocol.
    await expect(page.getByTestId('live-indicator')).toHaveText('live');
    expect(await storedToken(page)).toBe(secret);
    await expectNoBeta(page);
    expect(await page.content()).not.toContain(secret);
    await shot('auth-signed-in');
  });

  await test.step('a reload keeps the tab signed in (sessionStorage)', async () => {
    await page.reload();
    await expect(runRow(page, SEED.baseline)).toBeVisible();
    await expect(runRows(page)).toHaveCount(ALPHA_RUNS.length);
    await expect(signOutButton(page)).toBeVisible();
    await expect(signInHeading(page)).toHaveCount(0);
    await expect(page.getByTestId('live-indicator')).toHaveText('live');
    expect(await storedToken(page)).toBe(secret);
    await expectNoBeta(page);
  });

  await test.step("a run of alpha opens from the table, and its export downloads with the token", async () => {
    await runRow(page, SEED.baseline).getByRole('link', { name: SEED.baseline }).click();
    await expect(page).toHaveURL(/\/runs\/[0-9a-f-]+$/);
    await expect(page.getByRole('heading', { level: 1, name: SEED.baseline })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Summary' })).toContainText('117 successful, 3 failed');
    await expect(page.getByTestId('item-row').first()).toHaveAttribute('data-item-id', 'q-000');
    const exports = page.getByRole('group', { name: 'Export' });
    const [download] = await Promise.all([page.waitForEvent('download'), exports.getByRole('link', { name: 'JSON', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(exported)).toContain(SEED.baseline);
    expect(exported).toMatchObject({ dataset_name: 'capitals-120' });
    await expect(exports.getByRole('alert')).toHaveCount(0);
    await expectNoBeta(page);
    await shot('auth-run');
  });

  await test.step("beta's run, asked for directly, is not found", async () => {
    await page.goto(`/runs/${betaRunId}`);
    await expect(page.getByRole('heading', { level: 1, name: `No run ${betaRunId}` })).toBeVisible();
    await expect(signOutButton(page)).toBeVisible();
    await expectNoBeta(page);
    await shot('auth-beta-not-found');

    // By its name too: the heading repeats what was asked for, but nothing of the run itself.
    await page.goto(`/runs/${SEED.beta}`);
    await expect(page.getByRole('heading', { level: 1, name: `No run ${SEED.beta}` })).toBeVisible();
    const html = await page.content();
    for (const word of BETA_WORDS.filter((w) => w !== SEED.beta)) expect(html).not.toContain(word);
  });

  await test.step('signing out brings the panel back and forgets the token', async () => {
    await page.goto('/');
    await expect(runRows(page)).toHaveCount(ALPHA_RUNS.length);
    await signOutButton(page).click();
    await expect(signInHeading(page)).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'You are signed out.' })).toBeVisible();
    await expect(signOutButton(page)).toHaveCount(0);
    await expect(runRows(page)).toHaveCount(0);
    expect(await storedToken(page)).toBeNull();
    await shot('auth-signed-out');

    // Gone for good: a reload asks again.
    await page.reload();
    await expect(signInHeading(page)).toBeVisible();
    await expect(runRows(page)).toHaveCount(0);
    expect(await storedToken(page)).toBeNull();
  });

  await test.step('the token travelled only in headers and the WebSocket subprotocol, never in a URL', async () => {
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url, 'a URL the page asked for holds the token').not.toContain(secret);
      expect(decodeURIComponent(url)).not.toContain(secret);
    }
    // It was sent, though: as a Bearer header on API requests, and live updates connected over a WebSocket.
    expect(authorizations).toContain(`Bearer ${secret}`);
    expect(sockets.length).toBeGreaterThan(0);

    // And no API answer the page received carried anything of beta.
    const received = await Promise.all(answers);
    const read = received.filter((answer) => answer.body !== null);
    expect(read.length).toBeGreaterThan(0);
    for (const { url, body } of read) {
      // The answer to /runs/beta-nightly may repeat the name it was asked for; it must hold nothing else of beta.
      const words = decodeURIComponent(url).includes(SEED.beta) ? BETA_WORDS.filter((w) => w !== SEED.beta) : BETA_WORDS;
      for (const word of words) expect(body, `${url} answered with "${word}" of project beta`).not.toContain(word);
    }
  });
});

test('a first visit opens no live-event connection before the sign-in (its refusal was a console error), and goes live right after it', async ({
  page,
  authServed,
}) => {
  const sockets: string[] = [];
  const socketErrors: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  // The first runs request's 401 is by design (it shows the sign-in panel); a refused WebSocket upgrade is not.
  page.on('console', (message) => {
    if (message.type() === 'error' && /websocket|\/api\/v1\/events/i.test(message.text())) socketErrors.push(message.text());
  });

  await page.goto('/');
  await expect(signInHeading(page)).toBeVisible();
  // The connection used to be opened as the page loaded, beside the first request: give a late one time to show.
  await page.waitForTimeout(1_500);
  expect(sockets).toEqual([]);
  expect(socketErrors).toEqual([]);

  await tokenInput(page).fill(authServed.secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(signOutButton(page)).toBeVisible();
  await expect(page.getByTestId('live-indicator')).toHaveText('live');
  expect(sockets).toHaveLength(1);
  expect(new URL(sockets[0]!).pathname).toBe('/api/v1/events');
  expect(socketErrors).toEqual([]);
});
