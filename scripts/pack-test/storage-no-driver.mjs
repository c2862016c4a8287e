// In a project that installed @llm-eval/storage alone: opening either database fails with a DriverNotInstalledError
// that names the driver package to install, and its message is the one the README shows.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { initializeDatabase, DriverNotInstalledError } from '@llm-eval/storage';

for (const driver of ['better-sqlite3', 'pg']) assert.ok(!existsSync(`node_modules/${driver}`), `${driver} was installed`);

const messages = {};
for (const [url, driver] of [
  [`sqlite:///${path.resolve('runs.db')}`, 'better-sqlite3'],
  ['postgresql://postgres@127.0.0.1:5432/postgres', 'pg'],
]) {
  const error = await initializeDatabase({ url }).then(
    async (db) => {
      await db.close();
      return undefined;
    },
    (e) => e,
  );
  assert.ok(error instanceof DriverNotInstalledError, `${url}: expected DriverNotInstalledError, got ${error}`);
  assert.match(error.message, new RegExp(`npm install ${driver}\\b`), `${url}: the message does not say to install ${driver}`);
  messages[driver] = `${error.name}: ${error.message}`;
}
assert.ok(!existsSync('runs.db'), 'a database file was created without a driver');

const readme = readFileSync(path.join(path.dirname(createRequire(path.resolve('package.json')).resolve('@llm-eval/storage/package.json')), 'README.md'), 'utf8');
assert.ok(readme.includes(messages['better-sqlite3']), `the storage README does not show the error as it is:\n${messages['better-sqlite3']}`);
console.log(`    ok  no driver: ${messages['better-sqlite3']}`);
console.log(`    ok  no driver: ${messages.pg}`);
