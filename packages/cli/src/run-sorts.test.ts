import { RUN_SORT_FIELDS } from '@llm-eval/storage';
import { RUN_SORT_CHOICES } from './run-sorts';

describe('the CLI sort choices', () => {
  it('are exactly the orders storage can list runs in', () => {
    expect([...RUN_SORT_CHOICES].sort()).toEqual([...RUN_SORT_FIELDS].sort());
  });
});
