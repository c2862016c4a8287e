import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFetch, ApiRequestError } from './client';
import { session } from './session';
import { fetchHealth } from '../components/health/fetchHealth';
import { getHealth } from './endpoints';
import { attachmentFileName, downloadFile } from './download';

const TOKEN = `lle_${'x'.repeat(43)}`;
const REPORT = { ok: true, backend: 'sqlite', reachable: true, rowCounts: {} };

type Seen = { url: string; headers: Record<string, string> };
let seen: Seen[];
let answer: (url: string) => Response;

beforeEach(() => {
  session.reset();
  seen = [];
  answer = () => Response.json({ runs: [] });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      seen.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
      return answer(String(input));
    }),
  );
});

const unauthorized = () =>
  Response.json({ error: { code: 'unauthorized', message: 'A valid API token is required.' } }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });

describe('the Authorization header', () => {
  it('is not sent without a token', async () => {
    await apiFetch('/runs');
    answer = () => Response.json(REPORT);
    await fetchHealth();
    await getHealth();
    expect(seen).toHaveLength(3);
    for (const request of seen) expect(Object.keys(request.headers).map((h) => h.toLowerCase())).not.toContain('authorization');
  });

  it('is sent as Bearer <token> by apiFetch, fetchHealth, getHealth and downloads while a token is held', async () => {
    session.signIn(TOKEN);
    await apiFetch('/runs', { method: 'DELETE', body: { x: 1 } });
    answer = () => Response.json(REPORT);
    await fetchHealth();
    await getHealth();
    answer = () => new Response('a,b\n', { headers: { 'content-disposition': 'attachment; filename="run-abc.csv"' } });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:fake');
    vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
    await downloadFile('/api/v1/runs/abc/export?format=csv', 'abc.csv');
    expect(seen).toHaveLength(4);
    for (const request of seen) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // Never in the URL.
    for (const request of seen) expect(request.url).not.toContain(TOKEN);
  });
});

describe('a 401', () => {
  it('becomes an ApiRequestError with the server message and asks the session for a sign-in', async () => {
    answer = unauthorized;
    const error = await apiFetch('/runs').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', message: 'A valid API token is required.' });
    expect(session.snapshot()).toMatchObject({ signInNeeded: true, reason: 'required' });
  });

  it('to the held token (revoked, expired) forgets it, from the health page and downloads too', async () => {
    session.signIn(TOKEN);
    answer = unauthorized;
    await expect(fetchHealth()).rejects.toMatchObject({ status: 401 });
    expect(session.snapshot()).toMatchObject({ token: null, reason: 'refused', message: 'A valid API token is required.' });
    session.signIn(TOKEN);
    await expect(downloadFile('/api/v1/runs/abc/export?format=json', 'abc.json')).rejects.toMatchObject({ status: 401 });
    expect(session.token()).toBeNull();
  });

  it('a 403 is an error in words that leaves the token alone', async () => {
    session.signIn(TOKEN);
    answer = () => Response.json({ error: { code: 'forbidden', message: 'This needs the editor role.' } }, { status: 403 });
    await expect(apiFetch('/runs/x', { method: 'DELETE' })).rejects.toMatchObject({ status: 403, code: 'forbidden', message: 'This needs the editor role.' });
    expect(session.snapshot()).toMatchObject({ token: TOKEN, signInNeeded: false });
  });
});

describe('an answer without a token', () => {
  it('tells the session the server needs none (so live events may connect without one); a 401 or a token tells not', async () => {
    answer = unauthorized;
    await apiFetch('/runs').catch(() => undefined);
    expect(session.servedWithoutToken()).toBe(false);
    session.reset();
    session.signIn(TOKEN);
    answer = () => Response.json({ runs: [] });
    await apiFetch('/runs');
    expect(session.servedWithoutToken()).toBe(false);
    session.reset();
    await apiFetch('/runs');
    expect(session.servedWithoutToken()).toBe(true);
    session.reset();
    answer = () => Response.json(REPORT);
    await fetchHealth();
    expect(session.servedWithoutToken()).toBe(true);
    session.reset();
    await getHealth();
    expect(session.servedWithoutToken()).toBe(true);
    // A proxy's 503 page while an --auth server restarts is no answer of the server's: it tells nothing.
    session.reset();
    answer = () => new Response('<html>503 Service Unavailable</html>', { status: 503 });
    await getHealth().catch(() => undefined);
    await fetchHealth().catch(() => undefined);
    expect(session.servedWithoutToken()).toBe(false);
  });
});

describe('attachmentFileName', () => {
  it('prefers the UTF-8 name, then the plain one', () => {
    expect(attachmentFileName(`attachment; filename="caf-abc.csv"; filename*=UTF-8''caf%C3%A9-abc.csv`)).toBe('café-abc.csv');
    expect(attachmentFileName('attachment; filename="run-abc.json"')).toBe('run-abc.json');
    expect(attachmentFileName('attachment; filename=run.csv')).toBe('run.csv');
    expect(attachmentFileName(null)).toBeNull();
  });
});
