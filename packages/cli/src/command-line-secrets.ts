import { storage } from './libraries';

/** An argument that may carry a credential: a URL with user info, or a secret-named query parameter. */
const MAY_HOLD_SECRET = /:\/\/\S*@|[?&;](?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)=/i;

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
  const shown = argv.map((arg) => {
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
