import type { Argv } from 'yargs';
import { CliError } from './errors';

/** The --tz option of every command that reads dates and ages (the README: `--tz`, then `$TZ`, then the system zone). */
export function withTimeZoneOption<T>(y: Argv<T>): Argv<T & { tz: string | undefined }> {
  return y.option('tz', {
    type: 'string',
    requiresArg: true,
    describe: 'IANA time zone of dates like 2026-11-01 and of "today" (default: $TZ, else the system zone)',
  });
}

/**
 * The zone relative dates refer to: --tz, else the process's zone (Node reads TZ; without it, the system zone). An
 * unknown --tz is a usage error rather than a silent fallback to UTC. A given --tz becomes the process's zone, so a
 * date such as `--since 2026-11-01` is midnight there.
 */
export function useTimeZone(tz: string | undefined): string {
  const zone = tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new CliError(`--tz "${zone}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC).`, 2);
  }
  // Node picks up a changed TZ at once: every local date read from here on (parseDate's midnight) is in that zone.
  if (tz !== undefined) process.env.TZ = zone;
  return zone;
}
