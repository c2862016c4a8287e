import { checkDebugVariable } from './debug-variable';
import { CliError } from './errors';
import { storage } from './libraries';

/**
 * Checks the environment variables a command that may open a database reads, before it does anything: every command
 * does it through handle(), so a malformed value is refused by `db health` as by `evaluate`. A usage error (exit 2)
 * that names the variable.
 *
 * LLM_EVAL_HEARTBEAT_TIMEOUT: storage reads it only when it meets a running run, so a malformed value would otherwise
 * pass unnoticed on one day and fail half-way through `evaluate` (after its run row was created) on another.
 * LLM_EVAL_DEBUG: see checkDebugVariable.
 */
export function checkEnvironment(): void {
  checkDebugVariable();
  try {
    storage().heartbeatTimeoutSeconds();
  } catch (error) {
    const { field, message } = error as { field?: unknown; message?: string };
    if ((error as Error)?.name !== 'ValidationError' || typeof field !== 'string') throw error;
    throw new CliError(`${message} Fix ${field} or unset it (the default is 120 seconds).`, 2);
  }
}
