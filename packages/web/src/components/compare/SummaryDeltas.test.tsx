import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { SummaryDeltas } from './SummaryDeltas';
import { toneOf } from './tone';

const d = (a: number, b: number) => ({ a, b, absolute: b - a, relative: a ? (b - a) / a : null });

describe('delta colouring', () => {
  it('is good when a higher-is-better value rises or a lower-is-better value falls', () => {
    expect(toneOf(0.1, false)).toBe('good');
    expect(toneOf(-0.1, false)).toBe('bad');
    expect(toneOf(-2, true)).toBe('good');
    expect(toneOf(2, true)).toBe('bad');
    expect(toneOf(0, true)).toBe('');
    expect(toneOf(null, false)).toBe('');
  });

  it('shows a higher success rate as good and more time, tokens and cost as bad', () => {
    render(
      <SummaryDeltas
        summary={{ successRate: d(0.8, 0.9), durationSeconds: d(60, 90), avgResponseTime: d(2, 1), totalTokens: d(1000, 1500), totalCost: d(1, 2) }}
      />,
    );
    const tone = (key: string) => within(screen.getByTestId(`summary-${key}`)).getAllByRole('cell')[2]!.getAttribute('data-tone');
    expect(tone('successRate')).toBe('good');
    expect(tone('durationSeconds')).toBe('bad');
    expect(tone('avgResponseTime')).toBe('good');
    expect(tone('totalTokens')).toBe('bad');
    expect(tone('totalCost')).toBe('bad');
    expect(within(screen.getByTestId('summary-successRate')).getByText('+10.0%', { selector: 'td[data-tone]' })).toBeTruthy();
  });

  it('shows a duration that is not known as — (a run without a start time), as the run page does', () => {
    const times = (startedAt: string | null, completedAt: string | null) => ({ durationSeconds: 0, startedAt, completedAt });
    const summary = { successRate: d(1, 1), durationSeconds: d(0, 90), avgResponseTime: d(2, 1), totalTokens: d(10, 10), totalCost: d(1, 1) };
    const cells = () => within(screen.getByTestId('summary-durationSeconds')).getAllByRole('cell').map((c) => c.textContent);
    const { rerender } = render(<SummaryDeltas summary={summary} runs={{ a: times(null, '2026-12-01T10:00:00Z'), b: { ...times(null, null), durationSeconds: 90 } }} />);
    expect(cells()).toEqual(['—', '1m 30s', '—', '—']);
    // Before the runs are loaded, a stored 0 is not shown as a duration either.
    rerender(<SummaryDeltas summary={summary} />);
    expect(cells()).toEqual(['—', '1m 30s', '—', '—']);
    // A run with start and end times but no stored duration (an imported run) has the one they span.
    rerender(<SummaryDeltas summary={summary} runs={{ a: times('2026-12-01T10:00:00Z', '2026-12-01T10:01:00Z'), b: { ...times(null, null), durationSeconds: 90 } }} />);
    expect(cells()).toEqual(['1m 00s', '1m 30s', '+30.0 s', '+50.0%']);
  });
});
