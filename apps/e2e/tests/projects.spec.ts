import { expect, SEED, test } from '../src/fixtures';

test('projects lists alpha (3 runs) and beta (1 run) with their latest runs linked', async ({ page, shot }) => {
  await page.goto('/projects');
  const alpha = page.locator('[data-testid="project-row"][data-project-id="alpha"]');
  const beta = page.locator('[data-testid="project-row"][data-project-id="beta"]');
  await expect(alpha.getByTestId('project-runs')).toHaveText('3');
  await expect(beta.getByTestId('project-runs')).toHaveText('1');
  await expect(alpha.getByRole('link', { name: SEED.candidate })).toHaveAttribute('href', /^\/runs\/[0-9a-f-]+$/);
  await expect(beta.getByRole('link', { name: SEED.beta })).toBeVisible();
  await expect(alpha.getByRole('img', { name: /success rate of the last 2 completed runs/ })).toBeVisible();
  await shot('projects');

  await alpha.getByRole('link', { name: SEED.candidate }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]+$/);
});

test('opening a project shows its runs and links to all of them on the runs page', async ({ page, shot }) => {
  await page.goto('/projects');
  await page.getByRole('link', { name: 'alpha', exact: true }).click();
  await expect(page).toHaveURL(/\/projects\/alpha$/);
  await expect(page.getByRole('heading', { level: 1, name: 'alpha' })).toBeVisible();
  const runs = page.getByTestId('project-run-row');
  await expect(runs).toHaveCount(3);
  await expect(runs.nth(0)).toHaveAttribute('data-run-name', SEED.candidate);
  await expect(runs.nth(1)).toHaveAttribute('data-run-name', SEED.baseline);
  await expect(runs.nth(2)).toHaveAttribute('data-run-name', SEED.failed);
  await expect(page.getByTestId('project-total-runs')).toHaveText('3');
  await shot('project-alpha');

  await page.getByRole('link', { name: /All 3 runs of alpha/ }).click();
  await expect(page).toHaveURL(/\/\?project=alpha$/);
});

test('the project rows work with the keyboard', async ({ page }) => {
  await page.goto('/projects');
  // Other tests of this worker may have added projects: find where alpha is and expect the row after it.
  const rows = page.locator('[data-testid="project-row"]');
  await expect(rows.first()).toBeVisible();
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-project-id')));
  const index = ids.indexOf('alpha');
  expect(index).toBeGreaterThanOrEqual(0);
  expect(ids.length).toBeGreaterThan(index + 1);
  await rows.nth(index).focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(index + 1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/projects/${encodeURIComponent(ids[index + 1]!)}$`));
});

test('an unknown project says so', async ({ page }) => {
  await page.goto('/projects/no-such-project');
  await expect(page.getByRole('alert')).toContainText('Project not found');
});

test('projects in dark and on a narrow screen', async ({ page, shot }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/projects');
  await expect(page.locator('[data-testid="project-row"][data-project-id="alpha"]')).toBeVisible();
  await shot('projects-dark');
  await page.setViewportSize({ width: 390, height: 800 });
  await shot('projects-narrow');
  await page.goto('/projects/alpha');
  await expect(page.getByTestId('project-run-row')).toHaveCount(3);
  await shot('project-alpha-narrow');
});
