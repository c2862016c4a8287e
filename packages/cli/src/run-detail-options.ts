import { CliError } from './errors';

/**
 * The run details given on the command line that storage would keep although nothing could use them: an empty
 * `--created-by` (refused as `--name ''` and `--tag ''` are), and a `--tag` holding a comma, stored as one tag "a,b"
 * that `runs search 'tag:a,b'` (a OR b) can never find. A usage error (exit 2) saying what to give instead.
 */
export function checkRunDetailOptions(argv: { createdBy?: unknown; tag?: unknown }): void {
  if (argv.createdBy !== undefined && String(argv.createdBy).trim() === '') {
    throw new CliError('--created-by must name who ran it (e.g. --created-by ada); leave it out to record $USER.', 2);
  }
  for (const tag of Array.isArray(argv.tag) ? argv.tag : argv.tag === undefined ? [] : [argv.tag]) {
    if (String(tag).includes(',')) {
      const parts = String(tag).split(',').map((t) => t.trim()).filter(Boolean);
      throw new CliError(`--tag "${tag}" holds a comma: give one tag per --tag, repeated (${parts.map((t) => `--tag ${t}`).join(' ')}).`, 2);
    }
  }
}
