// The CLI package's library entry: buildCli() for embedding the command.
import assert from 'node:assert/strict';

const { buildCli } = await import('@llm-eval/cli');
assert.equal(typeof buildCli, 'function');
console.log('    ok  import { buildCli } from "@llm-eval/cli"');
