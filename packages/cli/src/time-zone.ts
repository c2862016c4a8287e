import type { Argv } from 'yargs';
import { CliError } from './errors';
import { note } from './output/print';

/** What --tz is for in the help of a command that prints run times (their --json stays ISO UTC). */
export const TIME_ZONE_HELP = 'IANA time zone of dates like 2026-11-01 and of "today", and of the times printed (default: $TZ, else the system zone)';

/**
 * The --tz option of every command that reads dates and ages or prints run times (the README: `--tz`, then `$TZ`, then
 * the system zone); `printsTimes` says the command prints its times in that zone too.
 */
export function withTimeZoneOption<T>(y: Argv<T>, { printsTimes = true }: { printsTimes?: boolean } = {}): Argv<T & { tz: string | undefined }> {
  const describe = printsTimes ? TIME_ZONE_HELP : 'IANA time zone of dates like 2026-11-01 and of "today" (default: $TZ, else the system zone)';
  return y.option('tz', { type: 'string', requiresArg: true, describe });
}

/** Spellings of UTC itself (TZ=UTC0 is the POSIX one): ICU may not name them, but UTC is what they mean. */
const UTC_SPELLINGS = /^:?(?:Etc\/)?(?:UTC|UCT|GMT|Zulu|Universal|Greenwich)0?$/i;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The process's zone when --tz is not given, and the value of $TZ when Node could not read it. Node then runs in UTC
 * without a word: ICU names no zone, "Etc/Unknown", or "UTC" for a POSIX rule such as CET-1CEST. An empty TZ means UTC.
 */
function processZone(): { zone: string; unreadTz?: string } {
  const resolved = Intl.DateTimeFormat().resolvedOptions().timeZone as string | undefined;
  const known = resolved !== undefined && resolved !== 'Etc/Unknown' && isTimeZone(resolved);
  const tz = process.env.TZ;
  if (tz === undefined || tz === '' || UTC_SPELLINGS.test(tz)) return { zone: known ? resolved : 'UTC' };
  if (!known || UTC_SPELLINGS.test(resolved)) return { zone: 'UTC', unreadTz: tz };
  return { zone: resolved };
}

// Read once: after the first call TZ may be "UTC" (below), and a later call must still know what the user had set.
let fromProcess: ReturnType<typeof processZone> | undefined;
let unreadTzWarned = false;

/**
 * The zone relative dates refer to: --tz, else the process's zone (Node reads TZ; without it, the system zone). An
 * unknown --tz is a usage error rather than a silent fallback to UTC. A given --tz becomes the process's zone, so a
 * date such as `--since 2026-11-01` is midnight there. A $TZ Node cannot read leaves UTC in use; `needed` says the
 * command reads a date or an age with it, and only then is that worth a warning (once, on stderr): a command that
 * reads no date must neither fail nor warn over a zone it does not use.
 */
export function useTimeZone(tz: string | undefined, { needed = true }: { needed?: boolean } = {}): string {
  if (tz !== undefined) {
    if (!isTimeZone(tz)) throw new CliError(`--tz "${tz}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC).`, 2);
    // Node picks up a changed TZ at once: every local date read from here on (parseDate's midnight) is in that zone.
    process.env.TZ = tz;
    return tz;
  }
  const { zone, unreadTz } = (fromProcess ??= processZone());
  if (unreadTz === undefined) return zone;
  // Dates (parseDate) and the query parser then agree on UTC, whatever Node made of the TZ it could not name.
  process.env.TZ = 'UTC';
  if (needed && !unreadTzWarned) {
    unreadTzWarned = true;
    note(`llm-eval: warning: $TZ is "${unreadTz}", not a time zone llm-eval can read; dates are read in UTC instead (set TZ to an IANA zone such as Europe/Berlin, or pass --tz).`);
  }
  return zone;
}
