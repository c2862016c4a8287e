import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ItemJson } from '../../api/types';
import { ItemDetails, ItemDrawer } from './ItemDrawer';

const item: ItemJson = {
  id: 40,
  runId: 'r1',
  itemId: 'q-039',
  sequenceNumber: 39,
  input: { question: 'What is the capital of country 39?', context: { region: 'north' } },
  expectedOutput: 'City 39',
  actualOutput: '{"answer":"City 39","confidence":0.9}',
  status: 'failed',
  errorMessage: 'model timed out after 30 s',
  errorType: 'TimeoutError',
  startedAt: null,
  completedAt: null,
  responseTime: 0.48,
  tokensUsed: 45,
  cost: 0.0004,
  scores: { f1: 0.5, exact_match: false, judge: { error: 'judge unavailable' } },
  metadata: { attempt: 2 },
  traceId: null,
};

function renderDrawer(onClose = vi.fn()) {
  const requests: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    requests.push(url);
    return new Response(JSON.stringify({ items: [item], total: 1, nextCursor: null, explanation: '', warnings: [] }), { status: 200 });
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <ItemDrawer runId="r1" itemId="q-039" onClose={onClose} />
    </QueryClientProvider>,
  );
  return { requests, onClose };
}

describe('ItemDrawer', () => {
  it('reads the item by its id and pretty-prints its JSON input and output', async () => {
    const { requests } = renderDrawer();
    const dialog = await screen.findByRole('dialog', { name: 'Item q-039' });
    expect(requests).toEqual(['/api/v1/runs/r1/items?itemId=q-039&limit=1']);
    expect((await screen.findByLabelText('Input')).textContent).toBe(JSON.stringify(item.input, null, 2));
    expect(screen.getByLabelText('Actual output').textContent).toBe('{\n  "answer": "City 39",\n  "confidence": 0.9\n}');
    expect(screen.getByLabelText('Expected output').textContent).toBe('City 39');
    expect(screen.getByLabelText('Metadata').textContent).toContain('"attempt": 2');
    expect(dialog.textContent).toContain('TimeoutError');
    expect(dialog.textContent).toContain('model timed out after 30 s');
    expect(dialog.textContent).toContain('judge unavailable');
    expect(dialog.textContent).toContain('✗ fail');
  });

  it('closes on Escape', async () => {
    const { onClose } = renderDrawer();
    await screen.findByRole('dialog', { name: 'Item q-039' });
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('shows huge scores, tokens and costs in exponent form with the exact score as a title, not as 309 digits', () => {
    render(<ItemDetails item={{ ...item, scores: { huge: 1.2345678e308, tiny: 1e-300 }, tokensUsed: 1e20, cost: 1e300 }} />);
    const huge = screen.getByRole('row', { name: /huge/ });
    expect(huge.querySelector('td')!.textContent).toBe('1.23e+308');
    expect(screen.getByText('1.23e+308').getAttribute('title')).toBe('1.2345678e+308');
    expect(screen.getByRole('row', { name: /tiny/ }).querySelector('td')!.textContent).toBe('1e-300');
    expect(screen.getByText('tokens').nextSibling?.textContent).toBe('1e+20');
    expect(screen.getByText('cost').nextSibling?.textContent).toBe('$1e+300');
  });
});
