import { CliError } from './errors';

/** The command-line option that gives each config option of a stored run's details (evaluate and demo). */
const RUN_DETAIL_FLAGS: Record<string, string> = { runName: '--name', projectId: '--project', modelName: '--model', tags: '--tag', createdBy: '--created-by' };

/**
 * Run details the database refused (e.g. `--created-by` of 300 characters) are a usage error (exit 2) naming the
 * option, found before any item was evaluated; every other error passes through.
 */
export function runDetailsUsageError(error: unknown): unknown {
  if ((error as Error)?.name !== 'InvalidRunDetailsError') return error;
  const { option, reason } = error as { option?: string; reason: string };
  const flag = option === undefined ? undefined : RUN_DETAIL_FLAGS[option];
  if (flag === undefined) return error;
  return new CliError(`${flag} cannot be stored: ${reason} Nothing was evaluated; fix ${flag} and run again.`, 2);
}
