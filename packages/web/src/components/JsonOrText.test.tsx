import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { displayText, JsonOrText } from './JsonOrText';

describe('JsonOrText', () => {
  it('pretty-prints a JSON object and JSON held in text', () => {
    const { rerender } = render(<JsonOrText value={{ question: 'Why?', context: { region: 'north' } }} label="Input" />);
    expect(screen.getByLabelText('Input').textContent).toBe('{\n  "question": "Why?",\n  "context": {\n    "region": "north"\n  }\n}');
    rerender(<JsonOrText value='{"a":[1,2]}' label="Input" />);
    expect(screen.getByLabelText('Input').textContent).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
  });

  it('shows text as it is, with NUL and other control characters made visible', () => {
    expect(displayText('a\u0000b\tc\nd\u001b')).toBe('a\u2400b\tc\nd\u241b');
    render(<JsonOrText value={'not {json'} label="Output" />);
    expect(screen.getByLabelText('Output').textContent).toBe('not {json');
  });

  it('cuts very long text and shows all of it on demand', () => {
    render(<JsonOrText value={'x'.repeat(50)} label="Output" limit={10} />);
    expect(screen.getByLabelText('Output').textContent).toBe('x'.repeat(10));
    fireEvent.click(screen.getByRole('button', { name: 'Show all (50 characters)' }));
    expect(screen.getByLabelText('Output').textContent).toBe('x'.repeat(50));
  });

  it('says so when there is no value', () => {
    render(<JsonOrText value={null} label="Output" empty="no output" />);
    expect(screen.getByText('no output')).toBeTruthy();
  });
});
