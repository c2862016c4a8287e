import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { TextDiff } from './TextDiff';
import { computeTextDiff, DIFF_CAP } from './textDiff';

describe('TextDiff', () => {
  it('marks the words B removed as deletions and the words B added as insertions', () => {
    render(<TextDiff a="The capital of country 3 is City 3." b="I think the capital of country 3 is Town 4." />);
    const diff = screen.getByTestId('text-diff');
    const deleted = [...diff.querySelectorAll('del')].map((e) => e.textContent);
    const inserted = [...diff.querySelectorAll('ins')].map((e) => e.textContent);
    expect(deleted.join(' ')).toContain('City 3');
    expect(inserted.join(' ')).toContain('Town 4');
    expect(deleted.join(' ')).not.toContain('capital');
    expect(screen.getByLabelText('Output A').textContent).toBe('The capital of country 3 is City 3.');
    expect(screen.getByLabelText('Output B').textContent).toBe('I think the capital of country 3 is Town 4.');
  });

  it('says when the outputs are identical, and shows a missing output as such', () => {
    const { unmount } = render(<TextDiff a="same" b="same" />);
    expect(screen.getByText('The two outputs are identical.')).toBeTruthy();
    unmount();
    render(<TextDiff a={null} b="only B" />);
    expect(screen.getByLabelText('Output A').textContent).toBe('no output');
    expect(screen.getByLabelText('Output B').querySelector('ins')?.textContent).toBe('only B');
  });

  it('diffs long outputs line by line and a 1 MB output only in its first part', () => {
    const long = Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n');
    expect(computeTextDiff(long, long.replace('line 10\n', 'line ten\n')).mode).toBe('lines');
    const huge = 'x'.repeat(1_000_000);
    const result = computeTextDiff(huge, `${huge}y`);
    expect(result.truncated).toBe(true);
    expect(result.a.length).toBe(DIFF_CAP);
  });
});
