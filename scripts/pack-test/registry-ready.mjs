// node registry-ready.mjs URL PID NPMRC
// Waits until the local registry at URL answers (while process PID lives), creates a throwaway user with a random
// password, and writes NPMRC (mode 600) with the registry and that user's token for `npm publish`.
// The token is written only to that file: never printed, never passed on a command line.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const [url, pid, npmrc] = process.argv.slice(2);
const deadline = Date.now() + 60_000;

const alive = () => {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
};

let ready = false;
while (!ready && Date.now() < deadline && alive()) {
  try {
    ready = (await fetch(new URL('-/ping', url), { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    // not listening yet
  }
  if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
}
if (!ready) {
  console.error(alive() ? `${url} did not answer within 60 s` : `the registry process ${pid} exited`);
  process.exit(1);
}

const name = 'pack-test';
const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name, password: randomBytes(24).toString('base64url') }),
});
const body = await response.json().catch(() => ({}));
if (!response.ok || typeof body.token !== 'string') {
  console.error(`creating the publishing user on ${url} failed: HTTP ${response.status} ${body.error ?? ''}`);
  process.exit(1);
}
const authKey = url.replace(/^https?:/, ''); // //127.0.0.1:PORT/
writeFileSync(npmrc, `registry=${url}\n${authKey}:_authToken=${body.token}\n`, { mode: 0o600 });
