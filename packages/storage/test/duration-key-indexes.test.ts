import { DURATION_KEY_EXPRESSIONS } from '../src/migrations/1809000000000-run-duration-keys';
import { durationKeySql } from '../src/repositories/duration-order';

// A database uses an expression index only for the very expression it holds. The migration's keys are frozen text
// while the queries build theirs from the unknown-duration rule (run-duration.ts): should the rule change, the sort
// would silently stop using the indexes on every database. Then a new migration must replace them.
describe('the duration key indexes', () => {
  it.each(['asc', 'desc'] as const)('%s: the index holds exactly the key the queries order by', (direction) => {
    expect(durationKeySql(direction).replace(/"r"\./g, '')).toBe(DURATION_KEY_EXPRESSIONS[direction]);
  });
});
