import { truncateStoredText } from './storage-limits';

describe('stored text cuts', () => {
  it('marks a cut, and leaves text within the limit alone', () => {
    expect(truncateStoredText('E'.repeat(300), 200)).toBe(`${'E'.repeat(200)}…[truncated 100 characters]`);
    expect(truncateStoredText('\u0000'.repeat(60), 200)).toBe(`${'\u0000'.repeat(40)}…[truncated 20 characters]`);
    expect(truncateStoredText('😀'.repeat(101), 201)).toBe(`${'😀'.repeat(100)}…[truncated 2 characters]`);
    expect(truncateStoredText('\u0000'.repeat(40), 200)).toBe('\u0000'.repeat(40));
  });
});
