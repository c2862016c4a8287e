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
});
