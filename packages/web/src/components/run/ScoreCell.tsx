import type { ItemJson } from '../../api/types';
import { ExactNumber } from '../ExactNumber';
import { formatScore } from '../format';

type Score = ItemJson['scores'][string] | undefined;

/** One metric's score of an item: a number, pass/fail, the metric's error, or nothing. */
export function ScoreValue({ score }: { score: Score }) {
  if (score === undefined) return <span className="muted">—</span>;
  if (typeof score === 'boolean') return score ? <span className="good">✓ pass</span> : <span className="bad">✗ fail</span>;
  if (typeof score === 'number') return <ExactNumber value={score} text={formatScore(score)} />;
  return (
    <span className="bad" title={score.error}>
      error
    </span>
  );
}
