// Debian's Chromium started as the end-to-end suite starts it: the executable and the flags are read from
// apps/e2e/src/chromium.ts (one list for both; the bench is plain JavaScript and cannot import the TypeScript file).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const E2E_CHROMIUM = path.resolve(here, '../../../e2e/src/chromium.ts');

/** The `args: [ … ]` string list of apps/e2e/src/chromium.ts. */
export function chromiumArgs() {
  const source = readFileSync(E2E_CHROMIUM, 'utf8');
  const list = /args:\s*\[([\s\S]*?)\]/.exec(source)?.[1];
  const args = list ? [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]) : [];
  if (args.length === 0) throw new Error(`found no Chromium args in ${E2E_CHROMIUM}`);
  return args;
}

/** Headless Chromium (LLM_EVAL_CHROMIUM or /usr/bin/chromium). */
export async function launchChromium() {
  const executablePath = process.env.LLM_EVAL_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium is missing at ${executablePath}: apt-get install -y chromium (or set LLM_EVAL_CHROMIUM)`);
  const browser = await chromium.launch({ executablePath, args: chromiumArgs(), headless: true });
  return { browser, version: browser.version() };
}
