import type { ServerResponse } from 'node:http';
import { ModelApiError, openAIChatTask } from '../src';
import { startRawApiServer, type SeenRequest } from './support/raw-api-server';
import { context, errorOf } from './support/task-call';

// Model APIs echo what they were sent: a 401 quoting the key, a proxy's 500 quoting the Authorization header, an HTML
// error page. No part of a key may reach an error message (and so the stored run, the CLI's output, its --json).
const KEY = 'sk-SECRETKEY1234567890abcdefXYZ';

/** The longest prefix of the key of 4 characters or more in the text: what a cut through the key would leave. */
function keyPrefixIn(text: string, key: string): string | undefined {
  for (let n = key.length; n >= 4; n--) if (text.includes(key.slice(0, n))) return key.slice(0, n);
  return undefined;
}

let answer: (request: SeenRequest, res: ServerResponse) => void;
let api: Awaited<ReturnType<typeof startRawApiServer>>;
beforeAll(async () => {
  api = await startRawApiServer((request, res) => answer(request, res));
});
afterAll(() => api.close());

/** The key the request carried, whichever header carried it. */
function sentKey(request: SeenRequest): string {
  const value = String(request.headers.authorization ?? request.headers['api-key'] ?? request.headers['x-api-key'] ?? '');
  return value.replace(/^Bearer /, '');
}

describe('a key echoed where a message cuts the body', () => {
  // The excerpt of a 200 that is not JSON is 200 characters, the quoted text of an error body that is not JSON 300:
  // the key starts a few characters before each cut, so cutting before redacting left its first characters (not
  // the whole key, so redacting the cut text missed them).
  it.each([
    ['a 200 whose body is not JSON (cut at 200)', 200, 190],
    ['a 200 whose body is not JSON, 4 characters of the key before the cut', 200, 196],
    ['a 401 whose body is not JSON (cut at 300)', 401, 290],
    ['a 500 whose body is not JSON, 4 characters of the key before the cut', 500, 296],
  ])('%s: no prefix of the key is kept', async (_, status, keyAt) => {
    answer = (request, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`${'x'.repeat(keyAt)}${sentKey(request)} and more text after it`);
    };
    const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: KEY })('hi', context()));
    expect(error.message).toMatch(/xxxx/);
    expect(keyPrefixIn(error.message, KEY)).toBeUndefined();
  });
});

describe('a key given through the headers option', () => {
  it.each([
    ['Authorization: Bearer', { Authorization: `Bearer ${KEY}` }],
    ["Azure's api-key", { 'api-key': KEY }],
    ['x-api-key', { 'X-API-Key': KEY }],
  ])('%s is redacted from the API’s echo, and a 401 does not say no key was sent', async (_, headers) => {
    answer = (request, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${sentKey(request)}; header was ${JSON.stringify(request.headers)}` } }));
    };
    const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: '', headers })('hi', context()));
    expect(error).toBeInstanceOf(ModelApiError);
    expect(error.message).toMatch(/Incorrect API key provided: \*\*\*/);
    expect(keyPrefixIn(error.message, KEY)).toBeUndefined();
    expect(error.message).toMatch(/rejected the API key \(HTTP 401\)/);
    expect(error.message).not.toMatch(/Set OPENAI_API_KEY or pass apiKey/);
    expect(error.message).toMatch(new RegExp(`Check the key in the "${Object.keys(headers)[0]!.toLowerCase()}" header of the headers option`));
  });

  it('redacts a key echoed by a 500 (retryable) and by a 200 that is not JSON', async () => {
    for (const status of [500, 200]) {
      answer = (request, res) => {
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(`<html>request had api-key ${sentKey(request)}</html>`);
      };
      const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: '', headers: { 'api-key': KEY } })('hi', context()));
      expect(error.message).toContain('request had api-key ***');
      expect(keyPrefixIn(error.message, KEY)).toBeUndefined();
    }
  });

  it('a key from apiKey keeps its advice', async () => {
    answer = (_request, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Incorrect API key provided' } }));
    };
    const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: KEY, headers: { 'X-Team': 'eval' } })('hi', context()));
    expect(error.message).toMatch(/rejected the API key \(HTTP 401\): Incorrect API key provided\. Check OPENAI_API_KEY or the apiKey option\./);
  });
});

// Review: a key with URL or JSON special characters (a base64 key, a Basic pair) echoed percent-encoded (a Location's
// query, a form) or JSON-escaped (PHP writes "\/") was shown in full: only the raw key was looked for.
describe('a key echoed in an encoded form', () => {
  const ODD_KEY = 'ab+/cd=key== with space';
  it.each([
    ['percent-encoded', (key: string) => `bad key ${encodeURIComponent(key)}`],
    ['percent-encoded in lower case', (key: string) => `bad key ${encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}`],
    ['form-encoded', (key: string) => `bad key ${encodeURIComponent(key).replace(/%20/g, '+')}`],
    ['JSON-escaped with \\/', (key: string) => `bad key ${JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/')}`],
  ])('%s: redacted', async (_, echo) => {
    answer = (request, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(echo(sentKey(request)));
    };
    const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: '', headers: { 'x-api-key': ODD_KEY } })('hi', context()));
    expect(error.message).toContain('bad key ***');
    expect(error.message).not.toContain('cd');
  });
});
