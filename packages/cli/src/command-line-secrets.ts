import { storage } from './libraries';

/**
 * An argument that may carry a credential: a URL with user info (a password may hold spaces, tabs or line breaks, and
 * the `@` may be percent-encoded), or a word a secret parameter's name holds (`?password=`, `?password%3D`,
 * `?sslpassword:`). Anything else is shown as typed without loading storage's redaction; what this lets through
 * redactUrl checks again, so it may take in more than it needs to.
 */
const MAY_HOLD_SECRET = /\/\/[\s\S]*(?:@|%40)|pass|pwd|secret|token|key|auth|cred|sig/i;

/** `--name=value`: the value is redacted, the option's name kept. */
const OPTION_WITH_VALUE = /^(--?[^=\s]+=)([\s\S]*)$/;

/**
 * Masks the credentials the command line carries (`--queue redis://:secret@host`, `--database-url
 * postgresql://user:secret@db/x`) in what `ps` and /proc/<pid>/cmdline show of this process for as long as it runs (a
 * worker or a server runs for weeks, and every user of the machine may list it). The arguments were read before. Loads
 * storage's URL redaction only when an argument may hold a secret; a title longer than the original command line is
 * cut by the system at its end, never showing more. The environment variables (`LLM_EVAL_DATABASE_URL`,
 * `LLM_EVAL_QUEUE_URL`) keep credentials out of the command line altogether.
 */
export function hideCommandLineSecrets(argv: readonly string[] = process.argv): void {
  if (!argv.some((arg) => MAY_HOLD_SECRET.test(arg))) return;
  const { redactUrl } = storage();
  // process.argv starts with the resolved path of node (`/usr/bin/node`), often longer than what was typed (`node`),
  // and leaves out node's own options: the title is the command line as typed, so that it fits in the original's place
  // and the system cuts none of its end.
  const typed = argv === process.argv ? [process.argv0, ...process.execArgv, ...argv.slice(1)] : argv;
  const shown = typed.map((arg) => {
    if (!MAY_HOLD_SECRET.test(arg)) return arg;
    const option = OPTION_WITH_VALUE.exec(arg);
    return option ? `${option[1]}${redactUrl(option[2]!)}` : redactUrl(arg);
  });
  try {
    process.title = shown.join(' ');
  } catch {
    // A platform that cannot set the title: nothing to hide it from there.
  }
}
