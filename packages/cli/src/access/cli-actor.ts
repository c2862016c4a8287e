import type { AuditContext } from '@llm-eval/storage';
import { currentUser } from '../current-user';

/**
 * Who the audit log names for a change made with the CLI: `cli:<os user>` (`cli:unknown` when the account has no
 * name), so entries from the command line are told apart from API tokens and proxy users.
 */
export function cliActor(env: NodeJS.ProcessEnv = process.env): string {
  return `cli:${currentUser(env) ?? 'unknown'}`;
}

/** The audit context every CLI write passes to storage. */
export function cliAudit(): AuditContext {
  return { actor: cliActor() };
}
