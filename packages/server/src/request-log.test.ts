import type { IncomingMessage } from 'node:http';
import { loggerOptions, redactHost, redactUrl, requestIdOf } from './request-log';

const withId = (id: string | undefined) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;

describe('request ids and log redaction', () => {
  it("keeps a client's short request id and replaces anything else with a UUID", () => {
    expect(requestIdOf(withId('ci-build-42:step.3'))).toBe('ci-build-42:step.3');
    for (const bad of ['', 'a b', 'x'.repeat(65), 'line\nbreak', '"quoted"', undefined]) {
      expect(requestIdOf(withId(bad))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('redacts every access_token in a URL and leaves other parameters', () => {
    expect(redactUrl('/api/v1/events?run=x&access_token=lle_secret&b=1')).toBe('/api/v1/events?run=x&access_token=[redacted]&b=1');
    expect(redactUrl('/api/v1/events?ACCESS_TOKEN=abc')).toBe('/api/v1/events?ACCESS_TOKEN=[redacted]');
    expect(redactUrl('/api/v1/runs?limit=5')).toBe('/api/v1/runs?limit=5');
    // The query parser decodes names: access%5Ftoken is access_token, and carries a working token.
    expect(redactUrl('/api/v1/events?access%5Ftoken=abc&run=x')).toBe('/api/v1/events?access%5Ftoken=[redacted]&run=x');
    expect(redactUrl('/api/v1/events?%61ccess_token=abc')).toBe('/api/v1/events?%61ccess_token=[redacted]');
    // A secret anywhere else (a mistyped parameter, a path) is hidden by its form.
    const secret = 'lle_' + 'A'.repeat(43);
    expect(redactUrl(`/api/v1/events?acess_token=${secret}`)).toBe('/api/v1/events?acess_token=[redacted]');
    expect(redactUrl(`/api/v1/runs/${secret}`)).toBe('/api/v1/runs/[redacted]');
    expect(redactUrl(`/api/v1/runs/lle%5F${'B'.repeat(43)}`)).toBe('/api/v1/runs/[redacted]');
  });

  it('redacts parameters named like a secret (password, api_key, …), as database URLs are masked, and keeps the others', () => {
    expect(redactUrl('/api/v1/runs?password=hunter2&api_key=sk-LEAKME&limit=5')).toBe('/api/v1/runs?password=[redacted]&api_key=[redacted]&limit=5');
    expect(redactUrl('/api/v1/runs?PWD=x&client_secret=y&Authorization=z&sig=w&q=accuracy')).toBe(
      '/api/v1/runs?PWD=[redacted]&client_secret=[redacted]&Authorization=[redacted]&sig=[redacted]&q=accuracy',
    );
    expect(redactUrl('/api/v1/runs?pass%77ord=hunter2')).toBe('/api/v1/runs?pass%77ord=[redacted]');
    expect(redactUrl('/api/v1/runs?sort=name&since=7d&cursor=abc')).toBe('/api/v1/runs?sort=name&since=7d&cursor=abc');
  });

  it('redacts an access_token after a raw "#" (the router reads on), and a secret with percent-encoded letters', () => {
    const rest = 'C'.repeat(43);
    expect(redactUrl(`/api/v1/events?run=latest#&access_token=l%6ce_${rest}`)).toBe('/api/v1/events?run=latest#&access_token=[redacted]');
    expect(redactUrl('/api/v1/events#access_token=abc&run=x')).toBe('/api/v1/events#access_token=[redacted]&run=x');
    expect(redactUrl(`/api/v1/events?acess_token=%6C%6C%65%5F${rest}`)).toBe('/api/v1/events?acess_token=[redacted]');
    expect(redactUrl(`/api/v1/runs/l%6ce_${'D'.repeat(10)}%44${'D'.repeat(32)}`)).toBe('/api/v1/runs/[redacted]');
  });

  it('never keeps a request id shaped like a token or its prefix', () => {
    for (const id of [`lle_${'A'.repeat(43)}`, 'lle_abcdefgh', 'LLE_x', 'run-lle_1']) {
      expect(requestIdOf(withId(id))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('redacts a secret percent-encoded twice or more, and refuses a request id holding a secret without lle_ or with another mark', () => {
    const rest = 'Ab3_-x'.repeat(7) + 'Q';
    expect(redactUrl(`/api/v1/runs/lle%255F${rest}`)).toBe('/api/v1/runs/[redacted]');
    expect(redactUrl(`/api/v1/runs?q=%25256Cle%2525255f${rest}&limit=1`)).toBe('/api/v1/runs?q=[redacted]&limit=1');
    for (const id of [rest, rest.slice(0, 32), `LLE-${rest.slice(0, 40)}`, 'lle-abcdefgh', 'Lle.x', `build:${rest}`]) {
      expect([id, requestIdOf(withId(id))]).toEqual([id, expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)]);
    }
    for (const id of ['0B6F1A52-7C1E-4F43-9D0E-6A1C2B3D4E5F', '4bf92f3577b34da6a3ce929d0e0e4736', 'github-actions-run-1234567890-attempt-1', rest.slice(0, 31)]) {
      expect(requestIdOf(withId(id))).toBe(id);
    }
  });

  it('masks a token, or its random part, in the logged host', () => {
    const rest = 'Ab3_-x'.repeat(7) + 'Q';
    expect([redactHost(`lle_${rest}`), redactHost(`${rest}.example.com`), redactHost('evals.example.com'), redactHost(undefined)]).toEqual([
      '[redacted]',
      '[redacted].example.com',
      'evals.example.com',
      undefined,
    ]);
  });

  it('turns logging off by default and keeps the caller\'s options and redactions when on', () => {
    expect(loggerOptions(undefined)).toBe(false);
    const options = loggerOptions({ level: 'warn', redact: ['custom.path'] }) as { level: string; redact: { paths: string[] } };
    expect(options.level).toBe('warn');
    expect(options.redact.paths).toEqual(expect.arrayContaining(['custom.path', 'req.headers.authorization']));
  });
});
