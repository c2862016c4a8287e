import { existsSync } from 'node:fs';

/**
 * Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it when missing), started the way this machine
 * needs: no sandbox (root), no GPU, and none of the background connections a closed network refuses.
 */
export const CHROMIUM = {
  executablePath: process.env.LLM_EVAL_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
};

if (!existsSync(CHROMIUM.executablePath)) {
  // Fail, never skip: the browser half of the suite is required.
  throw new Error(`Chromium is missing at ${CHROMIUM.executablePath}: apt-get install -y chromium (or set LLM_EVAL_CHROMIUM).`);
}
