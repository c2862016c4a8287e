import { CliError } from '../errors';
import { holdsSecret } from './redact-secrets';

/** The roles a token (or a proxy user) may have, weakest first (storage's TOKEN_ROLES). */
export const ROLE_CHOICES = ['viewer', 'editor', 'admin'] as const;
/** What each role may do, for --help. */
export const ROLE_HELP = 'viewer reads; editor also writes runs (evaluate, import, delete, cancel); admin also manages tokens, retention and the audit log';

// Storage's project id rule; checked here so a bad value is one usage error that says what is accepted.
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Refuses a value that looks like a pasted token secret: it would be stored and shown back in lists and the audit log. */
export function refuseSecret(flag: string, value: string): void {
  if (holdsSecret(value)) {
    throw new CliError(`${flag} looks like a token secret (lle_…); secrets are never stored or shown, so it cannot be used here.`, 2);
  }
}

/**
 * `--project alpha,beta` (or repeated) → project ids, or `'*'` for every project. Usage errors (exit 2): an empty
 * value, an id storage would refuse, `*` mixed with ids, something shaped like a token secret.
 */
export function parseProjects(flag: string, value: string | string[] | undefined): '*' | string[] {
  const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => String(v).split(',')).map((p) => p.trim());
  const accepted = `${flag} must be "*" (every project) or project ids (letters, digits, ".", "_" or "-", at most 128), comma-separated`;
  if (parts.length === 0 || parts.some((p) => p === '')) throw new CliError(`${accepted}; it was empty.`, 2);
  for (const part of parts) refuseSecret(flag, part);
  if (parts.includes('*')) {
    if (parts.length > 1) throw new CliError(`${accepted}; "*" already means every project, so give it alone.`, 2);
    return '*';
  }
  const bad = parts.find((p) => !PROJECT_ID.test(p));
  if (bad !== undefined) throw new CliError(`${accepted}; "${bad.slice(0, 40)}" is not one.`, 2);
  return [...new Set(parts)];
}

/** How a token's projects are shown. */
export function projectsText(projects: '*' | string[]): string {
  return projects === '*' ? '* (every project)' : projects.join(', ');
}
