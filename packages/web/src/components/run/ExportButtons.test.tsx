import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../api/session';
import { ExportButtons } from './ExportButtons';

const TOKEN = `lle_${'e'.repeat(43)}`;
let prevented: boolean[];
const record = (event: Event) => {
  prevented.push(event.defaultPrevented);
  event.preventDefault(); // no navigation in the test's document
};

beforeEach(() => {
  session.reset();
  prevented = [];
  document.addEventListener('click', record);
});
afterEach(() => document.removeEventListener('click', record));

describe('ExportButtons', () => {
  it('without a token: plain download links to the streamed export, no fetch', () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    render(<ExportButtons runId="c0ffee01-aaaa" />);
    const csv = screen.getByRole('link', { name: 'CSV' });
    expect(csv.getAttribute('href')).toBe('/api/v1/runs/c0ffee01-aaaa/export?format=csv');
    expect(csv.hasAttribute('download')).toBe(true);
    fireEvent.click(csv);
    expect(prevented).toEqual([false]);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('with a token: fetches the export with the Authorization header and saves it under the server-given name', async () => {
    session.signIn(TOKEN);
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) =>
      new Response('{"run":{}}', { headers: { 'content-disposition': `attachment; filename="alpha-c0ffee01.json"; filename*=UTF-8''alpha-c0ffee01.json` } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:http://localhost/x');
    vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
    const saved: Array<{ href: string; download: string }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    });
    render(<ExportButtons runId="c0ffee01-aaaa" />);
    fireEvent.click(screen.getByRole('link', { name: 'JSON' }));
    expect(prevented).toEqual([true]);
    await waitFor(() => expect(saved).toEqual([{ href: 'blob:http://localhost/x', download: 'alpha-c0ffee01.json' }]));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/runs/c0ffee01-aaaa/export?format=json');
    expect((fetchMock.mock.calls[0]![1]!.headers as Record<string, string>).authorization).toBe(`Bearer ${TOKEN}`);
    expect(created).toHaveBeenCalledTimes(1);
  });

  it('with a token the server refuses for this run: the error in words, next to the links', async () => {
    session.signIn(TOKEN);
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ error: { code: 'not_found', message: 'Run c0ffee01 was not found.' } }, { status: 404 })));
    render(<ExportButtons runId="c0ffee01-aaaa" />);
    fireEvent.click(screen.getByRole('link', { name: 'CSV' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The CSV export failed: Run c0ffee01 was not found.');
    expect(screen.getByRole('link', { name: 'CSV' })).toBeTruthy();
  });
});
