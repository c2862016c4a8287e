import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './src/chromium';

// The dashboard end to end, once per database: each project's worker seeds a fresh database, starts the built
// `llm-eval serve` on it as a subprocess, and drives Debian's Chromium (never a downloaded browser) against it.
// Screenshots of every page land in test-results/ (artifacts, not committed).
export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  // One worker: the machine has two cores and the server, the database and the browser share them.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  // Generous: in CI the suite shares two cores with every other package's tests.
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM.executablePath, args: CHROMIUM.args },
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    { name: 'sqlite', metadata: { database: 'sqlite' } },
    { name: 'postgres', metadata: { database: 'postgres' } },
  ],
});
