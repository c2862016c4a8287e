import { CliError } from './errors';

/** The variable that turns on storage's SQL log. */
export const DEBUG_ENV = 'LLM_EVAL_DEBUG';

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['', '0', 'false', 'no', 'off']);

/**
 * Reads LLM_EVAL_DEBUG as the usual true/false spellings (1/true/yes/on, 0/false/no/off, any case) and leaves it in
 * the environment as storage reads it (`1` on, unset off), so every database the command opens — its own, the
 * evaluator's, the server's — logs alike. Storage honours only `1`: `yes` was silently ignored. Any other value is a
 * usage error (exit 2) naming the variable, rather than a guess.
 */
export function checkDebugVariable(env: NodeJS.ProcessEnv = process.env): void {
  const raw = env[DEBUG_ENV];
  if (raw === undefined) return;
  const value = raw.trim().toLowerCase();
  if (ON.has(value)) env[DEBUG_ENV] = '1';
  else if (OFF.has(value)) delete env[DEBUG_ENV];
  else {
    throw new CliError(
      `${DEBUG_ENV} must be 1, true, yes or on (log every SQL statement) or 0, false, no or off; got ${JSON.stringify(raw)}. Fix ${DEBUG_ENV} or unset it.`,
      2,
    );
  }
}
