import { expect, test } from '../src/fixtures';

test('the dashboard loads from llm-eval serve with no request leaving the server', async ({ page, served, shot }) => {
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(served.url) && !request.url().startsWith(served.url.replace('http', 'ws')) && !request.url().startsWith('data:')) {
      foreign.push(request.url());
    }
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByTestId('live-indicator')).toHaveText('live');
  await shot('shell');
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

test('an unknown page says so and links back to the runs', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the runs' }).click();
  await expect(page).toHaveURL(/\/$/);
});
