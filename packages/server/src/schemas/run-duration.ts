/**
 * What a run's durationSeconds says, null included (storage's knownDurationSeconds), in every schema that carries it.
 * Imports nothing, so the live-event messages stay free of the server's dependencies.
 */
export const RUN_DURATION_DESCRIPTION =
  'seconds from start to end; null while the duration is not known: a running or abandoned run, a cancelled one its ' +
  'writer never finalised, or one stored without a start time or a duration (a run that took 0 s says 0)';
