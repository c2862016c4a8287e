import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { Sparkline, sparklinePoints } from './Sparkline';

describe('Sparkline', () => {
  it('draws 1 at the top and 0 at the bottom, evenly spread, oldest first', () => {
    expect(sparklinePoints([0, 0.5, 1], 104, 24)).toEqual([
      [2, 22],
      [52, 12],
      [102, 2],
    ]);
  });

  it('says its rates in words and has a word for no runs', () => {
    render(<Sparkline values={[0.9, 0.975]} />);
    expect(screen.getByRole('img', { name: /last 2 completed runs, oldest first: 90\.0%, 97\.5%/ })).toBeTruthy();
    render(<Sparkline values={[]} />);
    expect(screen.getByText('no completed runs')).toBeTruthy();
  });
});
