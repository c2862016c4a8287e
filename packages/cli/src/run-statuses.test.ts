import { RUN_STATES } from '@llm-eval/storage';
import { RUN_STATUS_CHOICES } from './run-statuses';

describe('the CLI status choices', () => {
  it('are exactly the statuses storage can show: every stored status and abandoned', () => {
    expect([...RUN_STATUS_CHOICES].sort()).toEqual([...RUN_STATES].sort());
    expect(RUN_STATUS_CHOICES).toContain('abandoned');
  });
});
