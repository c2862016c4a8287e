import { CliError } from './errors';
import { storage } from './libraries';

/**
 * Checks LLM_EVAL_HEARTBEAT_TIMEOUT before a command that judges runs' liveness (a status of `running` or
 * `abandoned`) does anything: storage reads it only when it meets a running run, so a malformed value would otherwise
 * pass unnoticed on one day and fail half-way through `evaluate` (after its run row was created) on another. A usage
 * error (exit 2) that names the variable.
 */
export function checkEnvironment(): void {
  try {
    storage().heartbeatTimeoutSeconds();
  } catch (error) {
    const { field, message } = error as { field?: unknown; message?: string };
    if ((error as Error)?.name !== 'ValidationError' || typeof field !== 'string') throw error;
    throw new CliError(`${message} Fix ${field} or unset it (the default is 120 seconds).`, 2);
  }
}
