/** Whether a change is good or bad news: 'good', 'bad' or '' (no change / unknown). */
export type Tone = 'good' | 'bad' | '';

/** The tone of a change `delta` (B − A) of something where lower is better or higher is better. */
export function toneOf(delta: number | null | undefined, lowerIsBetter: boolean): Tone {
  if (delta === null || delta === undefined || !Number.isFinite(delta) || delta === 0) return '';
  return delta > 0 !== lowerIsBetter ? 'good' : 'bad';
}
