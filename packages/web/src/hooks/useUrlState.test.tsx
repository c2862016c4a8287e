import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderAt } from '../components/projects/testApp';
import { useUrlState } from './useUrlState';

function TwoPickers() {
  const { get, set } = useUrlState();
  return (
    <>
      <output data-testid="state">{`${get('metric')}/${get('bucket')}`}</output>
      <button
        type="button"
        onClick={() => {
          // Two pickers changed before React renders again.
          set({ metric: 'exact_match' });
          set({ bucket: 'week' });
        }}
      >
        both
      </button>
      <button type="button" onClick={() => set({ metric: null, tag: ['a', 'b'] })}>
        tags
      </button>
    </>
  );
}

describe('useUrlState', () => {
  it('keeps both of two changes made before the page renders again', async () => {
    renderAt('/trends?metric=f1&project=alpha', '/trends', <TwoPickers />);
    fireEvent.click(screen.getByText('both'));
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('exact_match/week'));
    const search = new URLSearchParams(screen.getByTestId('location').textContent!.split('?')[1]);
    expect(Object.fromEntries(search)).toEqual({ metric: 'exact_match', project: 'alpha', bucket: 'week' });
  });

  it('removes a key set to null and repeats a key given a list, after earlier changes have rendered', async () => {
    renderAt('/trends?metric=f1&project=alpha', '/trends', <TwoPickers />);
    fireEvent.click(screen.getByText('both'));
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('exact_match/week'));
    fireEvent.click(screen.getByText('tags'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/trends?project=alpha&bucket=week&tag=a&tag=b'));
  });
});
